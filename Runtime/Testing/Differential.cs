using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Reflection;
using CodeFirstBpf.Testing;

namespace CodeFirstBpf.Runtime;

/// <summary>A packet on which the kernel and the .NET run disagree.</summary>
public sealed record PacketDifference(int Index, byte[] Packet, int KernelVerdict, int DotNetVerdict, byte[] KernelOutput, byte[] DotNetOutput);

/// <summary>A map entry the kernel and the .NET run left different (a null value: absent on that side).</summary>
public sealed record MapDifference(string Map, byte[] Key, byte[]? KernelValue, byte[]? DotNetValue);

/// <summary>What <see cref="Differential"/> found.</summary>
public sealed class DifferentialReport
{
    internal DifferentialReport(int packets, IReadOnlyList<PacketDifference> packetDifferences, IReadOnlyList<MapDifference> mapDifferences, IReadOnlyList<string> notCompared)
    {
        Packets = packets;
        PacketDifferences = packetDifferences;
        MapDifferences = mapDifferences;
        MapsNotCompared = notCompared;
    }

    /// <summary>How many packets ran.</summary>
    public int Packets { get; }
    /// <summary>Packets with a different verdict or output.</summary>
    public IReadOnlyList<PacketDifference> PacketDifferences { get; }
    /// <summary>Map entries that differ after all packets.</summary>
    public IReadOnlyList<MapDifference> MapDifferences { get; }
    /// <summary>Maps left out: per-CPU maps (one value per CPU in the kernel, one in .NET) and maps without entries.</summary>
    public IReadOnlyList<string> MapsNotCompared { get; }
    /// <summary>True when nothing differs.</summary>
    public bool Identical => PacketDifferences.Count == 0 && MapDifferences.Count == 0;

    /// <inheritdoc />
    public override string ToString()
    {
        if (Identical) return $"{Packets} packets: kernel and .NET agree on every verdict, output and map entry.";
        var lines = new List<string> { $"{Packets} packets: {PacketDifferences.Count} differ, {MapDifferences.Count} map entries differ." };
        foreach (var d in PacketDifferences.Take(5))
            lines.Add($"  packet {d.Index} ({Convert.ToHexString(d.Packet)}): kernel verdict {d.KernelVerdict}, .NET {d.DotNetVerdict}" +
                (d.KernelOutput.AsSpan().SequenceEqual(d.DotNetOutput) ? "" : $"; outputs {Convert.ToHexString(d.KernelOutput)} vs {Convert.ToHexString(d.DotNetOutput)}"));
        foreach (var d in MapDifferences.Take(5))
            lines.Add($"  {d.Map}[{Convert.ToHexString(d.Key)}]: kernel {(d.KernelValue is null ? "absent" : Convert.ToHexString(d.KernelValue))}, .NET {(d.DotNetValue is null ? "absent" : Convert.ToHexString(d.DotNetValue))}");
        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>
/// Runs a program both in the kernel (BPF_PROG_TEST_RUN on the loaded object) and as .NET (the
/// same C# method over <see cref="XdpTestContext"/>/<see cref="TcTestContext"/> with in-memory
/// maps), over the same packets from the same empty map state, and reports every difference in
/// verdict, output packet and map contents: a check of the compiler, and of a program's .NET
/// stand-ins against the kernel. Pass a freshly loaded object.
/// </summary>
public static class Differential
{
    /// <summary>
    /// A pipeline differential of a program class: <paramref name="kernel"/> (its generated
    /// <c>Loaded</c>) against <paramref name="dotnet"/> (its generated <c>InMemory()</c> twin);
    /// then <c>.Seed(m =&gt; …)</c>, <c>.Ignore(map, fields)</c> and <c>.Run(steps)</c>.
    /// </summary>
    public static PipelineDifferential<TMaps> For<TMaps>(IBpfPipeline<TMaps> kernel, IBpfPipeline<TMaps> dotnet)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(dotnet);
        return new PipelineDifferential<TMaps>(kernel, dotnet);
    }

    private const DynamicallyAccessedMemberTypes Fields = DynamicallyAccessedMemberTypes.PublicFields | DynamicallyAccessedMemberTypes.NonPublicFields;

    /// <summary>Compares an XDP program of <paramref name="kernel"/> with its C# method.</summary>
    public static DifferentialReport Run(BpfObject kernel, string program, [DynamicallyAccessedMembers(Fields)] Type programClass, Func<XdpContext, XdpAction> dotnet, IEnumerable<byte[]> packets)
    {
        XdpProgram prog = kernel.GetXdpProgram(program);
        return Run(kernel, programClass, packets, p =>
        {
            var k = prog.TestRun(p);
            using var ctx = XdpTestContext.FromPacket(p);
            int verdict = (int)dotnet(ctx);
            return ((int)k.Action, k.Packet, verdict, ctx.Packet.ToArray());
        });
    }

    /// <summary>Compares a TC program of <paramref name="kernel"/> with its C# method.</summary>
    public static DifferentialReport Run(BpfObject kernel, string program, [DynamicallyAccessedMembers(Fields)] Type programClass, Func<TcContext, TcAction> dotnet, IEnumerable<byte[]> packets)
    {
        TcProgram prog = kernel.GetTcProgram(program);
        return Run(kernel, programClass, packets, p =>
        {
            var k = prog.TestRun(p);
            using var ctx = TcTestContext.FromPacket(p);
            int verdict = (int)dotnet(ctx);
            return ((int)k.Action, k.Packet, verdict, ctx.Packet.ToArray());
        });
    }

    private static DifferentialReport Run(BpfObject kernel, [DynamicallyAccessedMembers(Fields)] Type programClass, IEnumerable<byte[]> packets,
        Func<byte[], (int KernelVerdict, byte[] KernelOutput, int DotNetVerdict, byte[] DotNetOutput)> runBoth)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var maps = MapsOf(programClass);
        foreach (var (_, map) in maps) map.Reset();
        var packetDifferences = new List<PacketDifference>();
        int index = 0;
        foreach (byte[] packet in packets)
        {
            var r = runBoth(packet);
            if (r.KernelVerdict != r.DotNetVerdict || !r.KernelOutput.AsSpan().SequenceEqual(r.DotNetOutput))
                packetDifferences.Add(new PacketDifference(index, packet, r.KernelVerdict, r.DotNetVerdict, r.KernelOutput, r.DotNetOutput));
            index++;
        }
        var mapDifferences = new List<MapDifference>();
        var notCompared = new List<string>();
        foreach (var (name, map) in maps)
        {
            // Per-CPU maps have one value per CPU in the kernel and one in .NET; ring buffers, queues,
            // stacks and perf event arrays have no keys to walk (the kernel refuses with ENOTSUPP).
            if (!kernel.TryGetMap(name, out var handle) || handle.IsPerCpu
                || handle.MapType is BpfMapType.RingBuffer or BpfMapType.Queue or BpfMapType.Stack or BpfMapType.PerfEventArray
                // A map of maps holds kernel map ids, which mean nothing in .NET: compare its inner maps.
                || handle.MapType is BpfMapType.ArrayOfMaps or BpfMapType.HashOfMaps)
            {
                notCompared.Add(name);
                continue;
            }
            var inKernel = handle.DumpRaw().ToDictionary(e => Convert.ToHexString(e.Key), e => e);
            var inDotNet = map.RawEntries().ToDictionary(e => Convert.ToHexString(e.Key), e => e);
            foreach (string key in inKernel.Keys.Union(inDotNet.Keys).OrderBy(k => k, StringComparer.Ordinal))
            {
                byte[]? kv = inKernel.TryGetValue(key, out var k) ? k.Value : null;
                byte[]? dv = inDotNet.TryGetValue(key, out var d) ? d.Value : null;
                if (kv is null || dv is null || !kv.AsSpan().SequenceEqual(dv))
                    mapDifferences.Add(new MapDifference(name, Convert.FromHexString(key), kv, dv));
            }
        }
        return new DifferentialReport(index, packetDifferences, mapDifferences, notCompared);
    }

    private static List<(string Name, BpfMap Map)> MapsOf([DynamicallyAccessedMembers(Fields)] Type programClass)
        => programClass.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(f => typeof(BpfMap).IsAssignableFrom(f.FieldType))
            .Select(f => (f.Name, (BpfMap)f.GetValue(null)!))
            .ToList();
}
