using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace CodeFirstBpf.Analyzers.Flow;

/// <summary>
/// The facts that hold at one program point: the value of every local, parameter and flow
/// capture; the checked range of every packet base; the map values known non-null.
/// </summary>
internal sealed class FlowState
{
    /// <summary>A range nothing needs to be checked against (a callee may have checked it).</summary>
    public const long Trusted = long.MaxValue;

    public FlowState()
    {
        Values = new Dictionary<object, AbstractValue>(KeyComparer.Instance);
        Ranges = new Dictionary<int, long>();
        NonNull = new HashSet<int>();
    }

    private FlowState(FlowState other)
    {
        Values = new Dictionary<object, AbstractValue>(other.Values, KeyComparer.Instance);
        Ranges = new Dictionary<int, long>(other.Ranges);
        NonNull = new HashSet<int>(other.NonNull);
    }

    /// <summary>Keyed by <see cref="ILocalSymbol"/>, <see cref="IParameterSymbol"/> or <c>CaptureId</c>.</summary>
    public Dictionary<object, AbstractValue> Values { get; }

    /// <summary>Bytes known to lie before <c>DataEnd</c>, counted from each packet base.</summary>
    public Dictionary<int, long> Ranges { get; }

    public HashSet<int> NonNull { get; }

    public FlowState Clone() => new(this);

    public long RangeOf(int id) => Ranges.TryGetValue(id, out long r) ? r : 0;

    public void Widen(int id, long range)
    {
        if (range > RangeOf(id)) Ranges[id] = range;
    }

    public bool SameAs(FlowState other)
    {
        if (Values.Count != other.Values.Count || Ranges.Count != other.Ranges.Count || !NonNull.SetEquals(other.NonNull)) return false;
        foreach (var kv in Values)
            if (!other.Values.TryGetValue(kv.Key, out var v) || !v.Equals(kv.Value)) return false;
        foreach (var kv in Ranges)
            if (!other.Ranges.TryGetValue(kv.Key, out var r) || r != kv.Value) return false;
        return true;
    }

    /// <summary>Symbols compare as symbols; capture ids by value.</summary>
    internal sealed class KeyComparer : IEqualityComparer<object>
    {
        public static readonly KeyComparer Instance = new();

        public new bool Equals(object? x, object? y)
            => x is ISymbol sx && y is ISymbol sy ? SymbolEqualityComparer.Default.Equals(sx, sy) : object.Equals(x, y);

        public int GetHashCode(object obj)
            => obj is ISymbol s ? SymbolEqualityComparer.Default.GetHashCode(s) : obj.GetHashCode();
    }
}
