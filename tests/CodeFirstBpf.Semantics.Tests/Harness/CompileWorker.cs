using System.Text.Json;

namespace CodeFirstBpf.Semantics.Tests.Harness;

/// <summary>
/// The compile worker: this test assembly run as a program (<c>--compile-worker</c>) that reads
/// one request a line on stdin and answers each with one line on stdout. The generator runs here,
/// not in the test process, because a generator bug can overflow the stack, which no
/// <c>catch</c> survives.
/// </summary>
public static class CompileWorker
{
    /// <summary>Prefixes every reply line, so stray native output on stdout is ignored.</summary>
    public const string ReplyMarker = "@@CFB-REPLY@@";

    /// <summary>A request: the snippet and its BpfCpu.</summary>
    public sealed record Request(string Source, string Cpu);

    /// <summary>Serves requests until stdin closes.</summary>
    public static int Serve()
    {
        var stdout = Console.Out;
        // Anything else that writes to Console goes to stderr, keeping stdout for replies.
        Console.SetOut(Console.Error);
        string? line;
        while ((line = Console.In.ReadLine()) != null)
        {
            var request = JsonSerializer.Deserialize<Request>(line)!;
            CompileOutput output;
            try
            {
                output = SnippetCompiler.CompileHere(request.Source, request.Cpu);
            }
            catch (Exception e)
            {
                output = new CompileOutput(
                    [new SnippetDiagnostic("HARNESS", Microsoft.CodeAnalysis.DiagnosticSeverity.Error, "compiling threw " + e, "", 0, 0, 0, 0)], "", "", null);
            }
            stdout.WriteLine(ReplyMarker + JsonSerializer.Serialize(output));
            stdout.Flush();
        }
        return 0;
    }
}

/// <summary>Entry point of the assembly when it runs as the compile worker.</summary>
public static class Program
{
    /// <summary>Runs <see cref="CompileWorker.Serve"/> for <c>--compile-worker</c>.</summary>
    public static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "--compile-worker") return CompileWorker.Serve();
        Console.Error.WriteLine("This is a test assembly; run it with dotnet test. (--compile-worker serves snippet compiles.)");
        return 2;
    }
}
