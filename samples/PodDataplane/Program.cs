using System;
using System.Linq;
using CodeFirstBpf.Runtime;
namespace PodDataplane;
internal static class Program
{
    private static int Main(string[] args)
    {
        try { using var l = PodPrograms.Load(); Console.WriteLine("loaded"); return 0; }
        catch (BpfVerifierException e) { Console.WriteLine(e.Message); Console.WriteLine(string.Join("\n", e.LogLines.TakeLast(40))); return 1; }
    }
}
