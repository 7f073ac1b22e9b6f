using System.Reflection;
using CodeFirstBpf.Runtime;
using Xunit;

namespace CodeFirstBpf.Semantics.Tests.Harness;

public sealed partial class CompiledSnippet
{
    /// <summary>
    /// Runs <paramref name="className"/>.<paramref name="method"/> in the kernel and as .NET over
    /// <paramref name="frames"/> (by default the corpus for its program type) with
    /// <see cref="Differential"/>. Never throws for a broken snippet: the failure is in the result.
    /// </summary>
    public SnippetRun Run(IReadOnlyList<byte[]>? frames = null, string className = "P", string method = "Run")
    {
        if (!Compiled) return SnippetRun.Failed("the snippet did not compile (or the generator rejected it)");
        Type type = ProgramType(className);
        MethodInfo? m = type.GetMethod(method, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static);
        if (m == null) return SnippetRun.Failed($"no method {className}.{method}");
        bool isTc = m.ReturnType == typeof(TcAction);
        frames ??= isTc ? Frames.Tc : Frames.Xdp;
        BpfObject kernel;
        try
        {
            kernel = LoadKernel(className);
        }
        catch (Exception e)
        {
            return SnippetRun.Failed("the kernel did not load the object: " + e.Message);
        }
        Func<IEnumerable<byte[]>, DifferentialReport> differential = isTc
            ? f => Differential.Run(kernel, method, type, m.CreateDelegate<Func<TcContext, TcAction>>(), f)
            : f => Differential.Run(kernel, method, type, m.CreateDelegate<Func<XdpContext, XdpAction>>(), f);
        try
        {
            var report = differential(frames);
            var run = new SnippetRun(report, MapValues.Kernel(kernel, "Out"), MapValues.DotNet(type, "Out"), null);
            if (report.Identical) return run;
            return run with { Detail = Pinpoint(kernel, type, differential, frames) };
        }
        catch (Exception e)
        {
            return SnippetRun.Failed("running it threw " + e);
        }
    }

    /// <summary>Asserts that the kernel and .NET agree on every frame; the failure names what differs.</summary>
    public void AssertAgrees(IReadOnlyList<byte[]>? frames = null, string className = "P", string method = "Run")
    {
        if (!Compiled || BpfErrors.Any())
            Assert.Fail("Expected the snippet to build without BPF or C# errors, load, and agree with .NET.\n" + Describe(className));
        var run = Run(frames, className, method);
        if (!run.Agrees)
            Assert.Fail($"Kernel and .NET disagree on {className}.{method}:\n{run}\n{Describe(className)}");
    }

    /// <summary>
    /// Runs only the kernel side (for semantics that differ from .NET by design, where .NET throws):
    /// for each frame, from zeroed maps, the values of the <c>ArrayMap&lt;ulong&gt;</c> named
    /// <paramref name="map"/> after the run.
    /// </summary>
    public IReadOnlyList<ulong[]> KernelOnly(IReadOnlyList<byte[]> frames, string className = "P", string method = "Run", string map = "Out")
    {
        if (!Compiled || BpfErrors.Any())
            Assert.Fail("Expected the snippet to build and load.\n" + Describe(className));
        BpfObject kernel;
        try
        {
            kernel = LoadKernel(className);
        }
        catch (Exception e)
        {
            Assert.Fail("The kernel did not load the object: " + e.Message + "\n" + Describe(className));
            throw;
        }
        var program = kernel.GetProgram(method);
        var results = new List<ulong[]>();
        foreach (byte[] frame in frames)
        {
            MapValues.ZeroKernel(kernel);
            if (program is TcProgram tc) tc.TestRun(frame);
            else kernel.GetXdpProgram(method).TestRun(frame);
            results.Add(MapValues.Kernel(kernel, map) ?? throw new InvalidOperationException("no map " + map));
        }
        return results;
    }

    // The whole-corpus report says which map entries differ at the end; rerunning frame by frame
    // from zeroed maps says which input made them differ, which is what one needs to debug.
    private static string Pinpoint(BpfObject kernel, Type type, Func<IEnumerable<byte[]>, DifferentialReport> differential, IReadOnlyList<byte[]> frames)
    {
        var lines = new List<string>();
        int differing = 0;
        for (int i = 0; i < frames.Count; i++)
        {
            MapValues.ZeroKernel(kernel);
            var r = differential(new[] { frames[i] });
            if (r.Identical) continue;
            differing++;
            if (differing > 4) continue;
            lines.Add($"frame {i} ({frames[i].Length} bytes, starts {Convert.ToHexString(frames[i].AsSpan(0, Math.Min(frames[i].Length, 40)))}):");
            foreach (var p in r.PacketDifferences)
                lines.Add($"    verdict kernel {p.KernelVerdict}, .NET {p.DotNetVerdict}" +
                    (p.KernelOutput.AsSpan().SequenceEqual(p.DotNetOutput) ? "" : $"; output packets differ at byte {FirstDifference(p.KernelOutput, p.DotNetOutput)}"));
            foreach (var d in r.MapDifferences)
                lines.Add($"    {d.Map}[{MapValues.Decode(d.Key)}]: kernel {MapValues.Decode(d.KernelValue)}, .NET {MapValues.Decode(d.DotNetValue)}");
        }
        lines.Insert(0, $"{differing} of {frames.Count} frames differ when run one at a time from zeroed maps" + (differing > 4 ? " (first 4 shown)" : "") + ":");
        return string.Join("\n", lines);
    }

    private static int FirstDifference(byte[] a, byte[] b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++) if (a[i] != b[i]) return i;
        return n;
    }
}
