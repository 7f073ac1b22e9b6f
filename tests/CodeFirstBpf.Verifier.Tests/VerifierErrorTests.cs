using System.Runtime.CompilerServices;
using CodeFirstBpf.Runtime;
using CodeFirstBpf.Verifier.Tests.Rejected;
using Xunit;
using Xunit.Abstractions;

namespace CodeFirstBpf.Verifier.Tests;

/// <summary>
/// A verifier rejection reads like a compiler error: C# file and line of the rejected instruction,
/// that line's source, the verifier's reason, and a hint — for each common category.
/// </summary>
public class VerifierErrorTests(ITestOutputHelper output)
{
    private const string File = "Rejected/RejectedPrograms.cs";

    private static HashSet<int> RejectLines([CallerFilePath] string here = "")
    {
        string path = Path.Combine(Path.GetDirectoryName(here)!, File);
        var lines = System.IO.File.ReadAllLines(path);
        return Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains("// REJECT")).Select(i => i + 1).ToHashSet();
    }

    private BpfVerifierException Reject(Func<IDisposable> load, string program)
    {
        Kernel.Require();
        var e = Assert.Throws<BpfVerifierException>(() => load().Dispose());
        output.WriteLine(e.Message);
        output.WriteLine("location: " + e.SourceLocation + " | source: " + e.SourceLine + " | hint: " + e.Hint);
        Assert.Equal(program, e.ProgramName);
        Assert.NotEmpty(e.Log);
        Assert.Contains("processed", e.Log);
        return e;
    }

    private static void AssertAt(BpfVerifierException e, string sourceFragment)
    {
        Assert.NotNull(e.SourceLocation);
        string[] parts = e.SourceLocation!.Split(':');
        // The kernel prints the file name of the BTF line info, without directories.
        Assert.Equal(Path.GetFileName(File), Path.GetFileName(parts[0]));
        Assert.Contains(int.Parse(parts[1]), RejectLines());
        Assert.Contains(sourceFragment, e.SourceLine);
        Assert.Contains(e.SourceLocation, e.Message);
    }

    [SkippableFact]
    public void Packet_access_without_bounds_check()
    {
        var e = Reject(() => NoBoundsCheck.Load(), "Read");
        AssertAt(e, "eth->EtherType");
        Assert.Contains("DataEnd", e.Hint);
    }

    [SkippableFact]
    public void Map_value_without_null_check()
    {
        var e = Reject(() => NoNullCheck.Load(), "Count");
        AssertAt(e, "*c += 1");
        Assert.Contains("null", e.Hint);
    }

    [SkippableFact]
    public void Unbounded_index_into_map_value()
    {
        var e = Reject(() => UnboundedIndex.Load(), "Index");
        AssertAt(e, "s->Values[i]");
        Assert.Contains("bound", e.Hint);
    }

    [SkippableFact]
    public void Stack_too_large_across_calls()
    {
        var e = Reject(() => StackTooDeep.Load(), "Deep");
        Assert.Contains("stack", e.VerifierMessage);
        Assert.Contains("512", e.Hint);
    }

    [SkippableFact]
    public void Loop_the_verifier_cannot_bound()
    {
        var e = Reject(() => UnboundedLoop.Load(), "Spin");
        Assert.NotNull(e.SourceLocation);
        Assert.Contains("loop", e.Hint);
    }

    [SkippableFact]
    public void Gpl_only_helper_from_a_non_gpl_program()
    {
        var e = Reject(() => GplOnlyHelper.Load(), "Trace");
        AssertAt(e, "Bpf.Printk");
        Assert.Contains("GPL", e.Hint);
    }
}
