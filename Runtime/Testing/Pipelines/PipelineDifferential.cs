using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// A program class run in the kernel and as .NET side by side: seeded the same way,
/// fed the same steps in order, then compared on every verdict and output frame, every event and
/// every map entry, with declared masks for what depends on the kernel's clock.
/// </summary>
/// <typeparam name="TMaps">The class's generated <c>IMaps</c> interface.</typeparam>
public sealed class PipelineDifferential<TMaps>
{
    private readonly IBpfPipeline<TMaps> _kernel;
    private readonly IBpfPipeline<TMaps> _dotnet;
    private readonly Dictionary<string, List<string>> _masks = new(StringComparer.Ordinal);

    internal PipelineDifferential(IBpfPipeline<TMaps> kernel, IBpfPipeline<TMaps> dotnet)
    {
        _kernel = kernel;
        _dotnet = dotnet;
    }

    /// <summary>Runs <paramref name="seed"/> against the kernel's maps, then the in-memory ones: the same code seeds both.</summary>
    public PipelineDifferential<TMaps> Seed(Action<TMaps> seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        seed(_kernel.Views);
        seed(_dotnet.Views);
        return this;
    }

    /// <summary>
    /// Leaves the named fields of <paramref name="map"/>'s values (or of a ring buffer's events) out
    /// of the comparison: what a program computes from <c>Bpf.KtimeGetNs</c>, which the kernel's test
    /// runs cannot fake.
    /// </summary>
    /// <exception cref="ArgumentException">The class has no such map, or its value type no such field.</exception>
    public PipelineDifferential<TMaps> Ignore(string map, params string[] fields)
    {
        bool known = _dotnet.MapViews.Any(m => m.Name == map) || _dotnet.EventViews.Any(e => e.Name == map);
        if (!known) throw new ArgumentException($"The class has no map '{map}' to mask.", nameof(map));
        // Fail now, not at compare time, on a field the type does not have.
        foreach (string field in fields)
        {
            if (_dotnet.MapViews.FirstOrDefault(m => m.Name == map) is { } view) view.MaskField([], field);
            else _dotnet.EventViews.First(e => e.Name == map).MaskField([], field);
        }
        if (!_masks.TryGetValue(map, out var list)) _masks[map] = list = new List<string>();
        list.AddRange(fields);
        return this;
    }

    /// <summary>Runs every step on both sides, in order, and compares.</summary>
    public PipelineReport Run(IEnumerable<PipelineStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var stepDiffs = new List<string>();
        var eventDiffs = new List<string>();
        int index = 0;
        foreach (var step in steps)
        {
            StepOutcome k = _kernel.Run(step), d = _dotnet.Run(step);
            if (k.Verdict != d.Verdict || !k.Frame.AsSpan().SequenceEqual(d.Frame))
                stepDiffs.Add($"step {index} ({step.Program}): verdict kernel {k.Verdict}, .NET {d.Verdict}" + FrameDiff(k.Frame, d.Frame));
            CompareEvents(index, eventDiffs);
            index++;
        }
        return new PipelineReport(index, stepDiffs, eventDiffs, CompareMaps());
    }

    private static string FrameDiff(byte[] k, byte[] d)
    {
        if (k.AsSpan().SequenceEqual(d)) return "";
        int at = 0;
        while (at < k.Length && at < d.Length && k[at] == d[at]) at++;
        return $"; frames differ from byte {at} (kernel {k.Length} bytes, .NET {d.Length})";
    }

    private void CompareEvents(int step, List<string> diffs)
    {
        foreach (var kv in _kernel.EventViews)
        {
            var dv = _dotnet.EventViews.First(e => e.Name == kv.Name);
            var ke = kv.Drain().Select(e => Masked(kv.Name, e, kv.MaskField)).ToList();
            var de = dv.Drain().Select(e => Masked(kv.Name, e, dv.MaskField)).ToList();
            for (int i = 0; i < Math.Max(ke.Count, de.Count); i++)
            {
                string? a = i < ke.Count ? kv.Format(ke[i]) : null, b = i < de.Count ? dv.Format(de[i]) : null;
                if (a != b) diffs.Add($"step {step}, {kv.Name} event {i}: kernel {a ?? "(none)"}, .NET {b ?? "(none)"}");
            }
        }
    }

    private List<string> CompareMaps()
    {
        var diffs = new List<string>();
        foreach (var kv in _kernel.MapViews)
        {
            var dv = _dotnet.MapViews.First(m => m.Name == kv.Name);
            var k = kv.RawEntries().ToDictionary(e => Convert.ToHexString(e.Key), e => Masked(kv.Name, e.Value, kv.MaskField));
            var d = dv.RawEntries().ToDictionary(e => Convert.ToHexString(e.Key), e => Masked(kv.Name, e.Value, dv.MaskField));
            foreach (string key in k.Keys.Union(d.Keys).OrderBy(x => x, StringComparer.Ordinal))
            {
                byte[]? a = k.GetValueOrDefault(key), b = d.GetValueOrDefault(key);
                if (a != null && b != null && a.AsSpan().SequenceEqual(b)) continue;
                string keyText = kv.FormatKey(Convert.FromHexString(key));
                if (a == null) diffs.Add($"{kv.Name}[{keyText}]: only in .NET = {dv.FormatValue(b!)}");
                else if (b == null) diffs.Add($"{kv.Name}[{keyText}]: only in the kernel = {kv.FormatValue(a)}");
                else diffs.Add($"{kv.Name}[{keyText}]: {string.Join(", ", kv.DifferingFields(a, b))} differ: kernel {kv.FormatValue(a)}, .NET {dv.FormatValue(b)}");
            }
        }
        return diffs;
    }

    private byte[] Masked(string map, byte[] value, Action<byte[], string> mask)
    {
        if (!_masks.TryGetValue(map, out var fields)) return value;
        byte[] copy = (byte[])value.Clone();
        foreach (string f in fields) mask(copy, f);
        return copy;
    }
}

/// <summary>What a pipeline differential found: every difference in words, with map and field names.</summary>
public sealed class PipelineReport
{
    internal PipelineReport(int steps, IReadOnlyList<string> stepDifferences, IReadOnlyList<string> eventDifferences, IReadOnlyList<string> mapDifferences)
    {
        Steps = steps;
        StepDifferences = stepDifferences;
        EventDifferences = eventDifferences;
        MapDifferences = mapDifferences;
    }

    /// <summary>How many steps ran.</summary>
    public int Steps { get; }

    /// <summary>Steps whose verdict or output frame differed.</summary>
    public IReadOnlyList<string> StepDifferences { get; }

    /// <summary>Ring-buffer events that differed, step by step.</summary>
    public IReadOnlyList<string> EventDifferences { get; }

    /// <summary>Map entries that differed after the last step.</summary>
    public IReadOnlyList<string> MapDifferences { get; }

    /// <summary>Whether the two sides agreed on everything.</summary>
    public bool Identical => StepDifferences.Count == 0 && EventDifferences.Count == 0 && MapDifferences.Count == 0;

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder($"{Steps} steps: ");
        if (Identical) return sb.Append("kernel and .NET agree on every verdict, frame, event and map entry").ToString();
        sb.Append($"{StepDifferences.Count} step, {EventDifferences.Count} event and {MapDifferences.Count} map differences");
        foreach (string d in StepDifferences.Concat(EventDifferences).Concat(MapDifferences).Take(40)) sb.Append('\n').Append("  ").Append(d);
        return sb.ToString();
    }
}
