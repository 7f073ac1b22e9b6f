using System;
using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.KernelTests.Frames;

namespace CodeFirstBpf.KernelTests.Differential;

/// <summary>
/// Compares the C# object's run with the clang twin's, frame by frame and map by map, and says
/// precisely where they differ: program, frame index and name, the frame in hex, both outputs.
/// </summary>
public static class DifferenceReport
{
    /// <summary>How many differing frames and map entries are spelled out; the rest are counted.</summary>
    public const int Detailed = 12;

    /// <summary>
    /// Every difference, as report lines; empty when the runs agree. Each differing frame also
    /// shows what the program does as plain .NET, to tell which side C# semantics back.
    /// </summary>
    public static IReadOnlyList<string> Compare(ProgramPair pair, IReadOnlyList<Frame> frames, RunResult csharp, RunResult clang)
    {
        var lines = new List<string>();
        CompareFrames(pair, frames, csharp, clang, lines);
        CompareMaps(pair, csharp, clang, lines);
        return lines;
    }

    /// <summary>A verdict as its enum name for the pair's program kind.</summary>
    public static string Verdict(ProgramKind kind, int value) => kind switch
    {
        ProgramKind.Xdp => Enum.IsDefined((XdpAction)value) ? ((XdpAction)value).ToString() : value.ToString(),
        ProgramKind.SocketFilter => value == 0 ? "Dropped" : $"Keep{value}",
        ProgramKind.CgroupSkb => Enum.IsDefined((CgroupSkbAction)value) ? ((CgroupSkbAction)value).ToString() : value.ToString(),
        _ => Enum.IsDefined((TcAction)value) ? ((TcAction)value).ToString() : value.ToString(),
    };

    private static void CompareFrames(ProgramPair pair, IReadOnlyList<Frame> frames, RunResult csharp, RunResult clang, List<string> lines)
    {
        var differing = new List<int>();
        for (int i = 0; i < frames.Count; i++)
        {
            FrameResult a = csharp.Frames[i], b = clang.Frames[i];
            if (a.Verdict != b.Verdict || !a.Packet.AsSpan().SequenceEqual(b.Packet)) differing.Add(i);
        }
        if (differing.Count == 0) return;
        lines.Add($"{pair.Name}.{pair.Program}: {differing.Count} of {frames.Count} frames differ (C# vs clang):");
        IReadOnlyList<string> dotnet = DotNet(pair, frames);
        foreach (int i in differing.Take(Detailed))
        {
            Frame f = frames[i];
            FrameResult a = csharp.Frames[i], b = clang.Frames[i];
            lines.Add($"  frame #{i} '{f.Name}' ({f.Bytes.Length} bytes): {f.Hex}");
            lines.Add($"    C#   : {Verdict(pair.Kind, a.Verdict)}, out {Output(f.Bytes, a.Packet)}");
            lines.Add($"    clang: {Verdict(pair.Kind, b.Verdict)}, out {Output(f.Bytes, b.Packet)}");
            lines.Add($"    .NET : {dotnet[i]}");
            int at = FirstDifference(a.Packet, b.Packet);
            if (at >= 0) lines.Add($"    outputs first differ at byte {at}");
        }
        if (differing.Count > Detailed) lines.Add($"  … and {differing.Count - Detailed} more frames");
    }

    private static void CompareMaps(ProgramPair pair, RunResult csharp, RunResult clang, List<string> lines)
    {
        var a = csharp.Maps.ToDictionary(m => m.Name, StringComparer.Ordinal);
        var b = clang.Maps.ToDictionary(m => m.Name, StringComparer.Ordinal);
        foreach (string name in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            if (!a.TryGetValue(name, out MapSnapshot? x)) { lines.Add($"{pair.Name}: map '{name}' exists only in the clang twin"); continue; }
            if (!b.TryGetValue(name, out MapSnapshot? y)) { lines.Add($"{pair.Name}: map '{name}' exists only in the C# object"); continue; }
            if ((x.Type, x.KeySize, x.ValueSize, x.MaxEntries) != (y.Type, y.KeySize, y.ValueSize, y.MaxEntries))
            {
                lines.Add($"{pair.Name}: map '{name}' is declared differently: C# {x.Type} key {x.KeySize} B value {x.ValueSize} B × {x.MaxEntries}, clang {y.Type} key {y.KeySize} B value {y.ValueSize} B × {y.MaxEntries}");
                continue;
            }
            CompareEntries(pair, x, y, lines);
        }
    }

    private static void CompareEntries(ProgramPair pair, MapSnapshot x, MapSnapshot y, List<string> lines)
    {
        var right = new SortedDictionary<byte[], byte[]>(ByteOrderComparer.Instance);
        foreach (var (k, v) in y.Entries) right[k] = v;
        var left = new SortedDictionary<byte[], byte[]>(ByteOrderComparer.Instance);
        foreach (var (k, v) in x.Entries) left[k] = v;

        var diffs = new List<string>();
        foreach (byte[] key in left.Keys.Union(right.Keys, new ByteArrayEquality()).Order(ByteOrderComparer.Instance))
        {
            bool inLeft = left.TryGetValue(key, out byte[]? lv), inRight = right.TryGetValue(key, out byte[]? rv);
            if (inLeft && inRight && lv!.AsSpan().SequenceEqual(rv)) continue;
            string k = Convert.ToHexString(key).ToLowerInvariant();
            diffs.Add(!inRight ? $"    key {k}: only in C#, value {Hex(lv!)}"
                : !inLeft ? $"    key {k}: only in clang, value {Hex(rv!)}"
                : $"    key {k}: C# {Hex(lv!)}, clang {Hex(rv!)}");
        }
        if (diffs.Count == 0) return;
        lines.Add($"{pair.Name}: map '{x.Name}' ({x.Type}) differs in {diffs.Count} entries (C# has {x.Entries.Count}, clang {y.Entries.Count}):");
        lines.AddRange(diffs.Take(Detailed));
        if (diffs.Count > Detailed) lines.Add($"    … and {diffs.Count - Detailed} more entries");
    }

    /// <summary>The .NET run of the whole corpus, as one line per frame (or the reason it failed, on every line).</summary>
    private static IReadOnlyList<string> DotNet(ProgramPair pair, IReadOnlyList<Frame> frames)
    {
        try
        {
            IReadOnlyList<FrameResult> results = pair.RunDotNetCorpus(frames);
            return results.Select((r, i) => $"{Verdict(pair.Kind, r.Verdict)}, out {Output(frames[i].Bytes, r.Packet)}").ToList();
        }
        catch (Exception e)
        {
            return Enumerable.Repeat($"threw {e.GetType().Name}: {e.Message}", frames.Count).ToList();
        }
    }

    private static string Output(byte[] input, byte[] output) =>
        output.AsSpan().SequenceEqual(input) ? "unchanged" : Hex(output);

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    private static int FirstDifference(byte[] a, byte[] b)
    {
        int common = a.AsSpan().CommonPrefixLength(b);
        return common == a.Length && common == b.Length ? -1 : common;
    }

    private sealed class ByteArrayEquality : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}
