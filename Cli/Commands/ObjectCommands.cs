using System;
using System.IO;
using System.Linq;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Cli;

/// <summary><c>cfbpf list</c>, <c>export</c> and <c>test-run</c>: what an assembly holds, its objects on disk, a packet through a program.</summary>
internal static class ObjectCommands
{
    public static int List(string assembly)
    {
        foreach (var c in AssemblyObjects.Find(assembly))
        {
            Console.WriteLine($"{c.Type.FullName} ({c.Elf.Length} bytes of ELF)");
            foreach (var (name, kind) in c.Programs) Console.WriteLine($"  program {name,-24} {kind}");
            foreach (var (name, kind) in c.Maps) Console.WriteLine($"  map     {name,-24} {kind}");
        }
        return 0;
    }

    public static int Export(string assembly, string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var c in AssemblyObjects.Find(assembly))
        {
            string path = Path.Combine(directory, c.Name + ".o");
            File.WriteAllBytes(path, c.Elf);
            Console.WriteLine(path);
        }
        return 0;
    }

    /// <summary>Runs one packet (a raw frame file) through <c>Class.Program</c> with BPF_PROG_TEST_RUN.</summary>
    public static int TestRun(string assembly, string target, string packetFile, int repeat)
    {
        int dot = target.LastIndexOf('.');
        if (dot <= 0) throw new ArgumentException("name the program as Class.Program");
        string className = target[..dot], programName = target[(dot + 1)..];
        var c = AssemblyObjects.Find(assembly).FirstOrDefault(x => x.Name == className || x.Type.FullName == className)
            ?? throw new ArgumentException($"no program class '{className}' in {assembly}");
        byte[] packet = File.ReadAllBytes(packetFile);
        using var obj = BpfObject.Load(c.Elf, c.Name);
        switch (obj.GetProgram(programName))
        {
            case XdpProgram x:
                var xr = x.TestRun(packet, repeat);
                Console.WriteLine($"verdict {xr.Action} ({(int)xr.Action}), {xr.DurationNanoseconds} ns/run, output {xr.Packet.Length} bytes: {Convert.ToHexString(xr.Packet)}");
                return 0;
            case TcProgram t:
                var tr = t.TestRun(packet, repeat);
                Console.WriteLine($"verdict {tr.Action} ({(int)tr.Action}), {tr.DurationNanoseconds} ns/run, output {tr.Packet.Length} bytes: {Convert.ToHexString(tr.Packet)}");
                return 0;
            default:
                throw new ArgumentException($"'{programName}' is neither an XDP nor a TC program");
        }
    }
}
