using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using CodeFirstBpf.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CodeFirstBpf.Analyzers.Flow;

/// <summary>
/// The verifier's pointer rules over one method's control flow graph: packet accesses need a
/// dominating <c>DataEnd</c> check covering them (BPF3001), map values need a null check on every
/// path before they are used (BPF3002). A forward dataflow to a fixpoint, then one reporting pass.
/// It errs towards silence: whatever it cannot follow (a bounds check kept in a bool, a pointer
/// from a parameter, a method too tangled to converge) is never reported.
/// Split by concern: the fixpoint and merges here, expressions in <c>.Eval</c>, branches in <c>.Conditions</c>.
/// </summary>
internal sealed partial class PointerFlow
{
    /// <summary>Property names of the bounds-check fix: the pointer expression to compare and the end to compare it with.</summary>
    public const string CheckProperty = "Check", EndProperty = "End", PointerProperty = "Pointer";

    private readonly ControlFlowGraph _cfg;
    private readonly IMethodSymbol _method;
    private readonly KnownSymbols _known;
    private readonly TypeSizes _sizes;
    private readonly BpfCallGraph _graph;
    private readonly Dictionary<string, int> _numbers = new();
    private readonly Dictionary<ControlFlowBranch, FlowState> _edges = new();
    private readonly List<Diagnostic> _packetReports = new(), _nullReports = new();
    private readonly HashSet<TextSpan> _reported = new();
    private readonly int _root;
    private FlowState _state = new();
    private bool _reporting, _packetImprecise, _nullImprecise;

    private PointerFlow(ControlFlowGraph cfg, IMethodSymbol method, KnownSymbols known, TypeSizes sizes, BpfCallGraph graph)
    {
        _cfg = cfg;
        _method = method;
        _known = known;
        _sizes = sizes;
        _graph = graph;
        _root = Number("ctx.Data");
    }

    public static ImmutableArray<Diagnostic> Analyze(ControlFlowGraph cfg, IMethodSymbol method, KnownSymbols known, TypeSizes sizes, BpfCallGraph graph, CancellationToken ct)
    {
        var flow = new PointerFlow(cfg, method, known, sizes, graph);
        var input = flow.Solve(ct);
        if (input == null) return ImmutableArray<Diagnostic>.Empty;
        flow._reporting = true;
        foreach (var block in cfg.Blocks)
            if (input[block.Ordinal] is { } state) flow.Transfer(block, state);
        var result = ImmutableArray.CreateBuilder<Diagnostic>();
        if (!flow._packetImprecise) result.AddRange(flow._packetReports);
        if (!flow._nullImprecise) result.AddRange(flow._nullReports);
        return result.ToImmutable();
    }

    /// <summary>The state on entry to every block, or null when the analysis did not converge in its budget.</summary>
    private FlowState?[]? Solve(CancellationToken ct)
    {
        var blocks = _cfg.Blocks;
        var input = new FlowState?[blocks.Length];
        var work = new SortedSet<int> { 0 };
        int budget = 50 * blocks.Length + 200;
        while (work.Count > 0)
        {
            if (--budget < 0) return null;
            ct.ThrowIfCancellationRequested();
            int i = work.Min;
            work.Remove(i);
            var block = blocks[i];
            FlowState? state = i == 0 ? new FlowState() : Merge(block);
            if (state == null || (input[i] is { } old && old.SameAs(state))) continue;
            input[i] = state;
            foreach (var (branch, output) in Transfer(block, state))
            {
                _edges[branch] = output;
                if (branch.Destination != null) work.Add(branch.Destination.Ordinal);
            }
        }
        return input;
    }

    private List<(ControlFlowBranch Branch, FlowState State)> Transfer(BasicBlock block, FlowState input)
    {
        _state = input.Clone();
        var outputs = new List<(ControlFlowBranch, FlowState)>(2);
        foreach (var op in block.Operations) Eval(op);
        if (block.BranchValue == null || block.ConditionKind == ControlFlowConditionKind.None)
        {
            if (block.BranchValue != null) Eval(block.BranchValue);
            if (block.FallThroughSuccessor != null) outputs.Add((block.FallThroughSuccessor, _state));
            return outputs;
        }
        var (whenTrue, whenFalse) = Condition(block.BranchValue);
        bool onTrue = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
        if (block.ConditionalSuccessor != null) outputs.Add((block.ConditionalSuccessor, onTrue ? whenTrue : whenFalse));
        if (block.FallThroughSuccessor != null) outputs.Add((block.FallThroughSuccessor, onTrue ? whenFalse : whenTrue));
        return outputs;
    }

    /// <summary>
    /// Joins the states of the predecessors computed so far. A value that differs between paths
    /// becomes a fresh one named after this block (a phi); a packet pointer keeps the bytes known
    /// valid from it on every path. At a loop head, pointers that move always become phis, so
    /// offsets cannot grow without bound.
    /// </summary>
    private FlowState? Merge(BasicBlock block)
    {
        var states = new List<FlowState>();
        var backEdges = new List<bool>();
        bool loopHead = false;
        foreach (var pred in block.Predecessors)
        {
            bool back = pred.Source.Ordinal >= block.Ordinal;
            loopHead |= back;
            if (!_edges.TryGetValue(pred, out var s)) continue;
            states.Add(s);
            backEdges.Add(back);
        }
        if (states.Count == 0) return null;
        if (states.Count == 1 && !loopHead) return states[0].Clone();

        var result = new FlowState();
        var phis = new List<int>();
        var nonNullPhis = new List<int>();
        var first = states[0];
        foreach (var kv in first.Values)
        {
            var values = new AbstractValue[states.Count];
            bool everywhere = true;
            for (int i = 0; i < states.Count && everywhere; i++)
                everywhere = states[i].Values.TryGetValue(kv.Key, out values[i]);
            if (!everywhere) continue;
            result.Values[kv.Key] = MergeValue(block, kv.Key, values, states, backEdges, loopHead, phis, nonNullPhis);
        }
        foreach (var kv in first.Ranges)
        {
            long min = kv.Value;
            bool everywhere = true;
            for (int i = 1; i < states.Count && everywhere; i++)
            {
                everywhere = states[i].Ranges.TryGetValue(kv.Key, out long r);
                if (r < min) min = r;
            }
            if (everywhere) result.Ranges[kv.Key] = min;
        }
        foreach (int id in first.NonNull)
        {
            bool everywhere = true;
            for (int i = 1; i < states.Count && everywhere; i++) everywhere = states[i].NonNull.Contains(id);
            if (everywhere) result.NonNull.Add(id);
        }
        // A phi is a new value: whatever an earlier trip round the loop knew about the same name is void.
        foreach (int phi in phis)
        {
            result.Ranges.Remove(phi);
            result.NonNull.Remove(phi);
        }
        foreach (int phi in nonNullPhis) result.NonNull.Add(phi);
        return result;
    }

    private AbstractValue MergeValue(BasicBlock block, object key, AbstractValue[] values, List<FlowState> states, List<bool> backEdges, bool loopHead,
        List<int> phis, List<int> nonNullPhis)
    {
        var v0 = values[0];
        bool equal = true, sameKind = true, sameId = true, sameOffset = true;
        foreach (var v in values)
        {
            equal &= v.Equals(v0);
            sameKind &= v.Kind == v0.Kind;
            sameId &= v.Id == v0.Id;
            sameOffset &= v.Offset == v0.Offset;
        }
        if (equal) return v0;
        if (!sameKind) return AbstractValue.Unknown;
        switch (v0.Kind)
        {
            case ValueKind.Packet:
            {
                long avail = long.MaxValue, entryAvail = long.MaxValue, maxOffset = long.MinValue;
                for (int i = 0; i < values.Length; i++)
                {
                    long range = states[i].RangeOf(values[i].Id);
                    long fromRange = range == FlowState.Trusted ? long.MaxValue / 4 : range - values[i].Offset;
                    long known = System.Math.Max(values[i].Avail, fromRange);
                    if (known < avail) avail = known;
                    if (!backEdges[i] && known < entryAvail) entryAvail = known;
                    if (values[i].Offset > maxOffset) maxOffset = values[i].Offset;
                }
                if (sameId && sameOffset) return AbstractValue.Packet(v0.Id, v0.Offset, avail);
                // Off a loop head, keeping the base keeps the link to other pointers into it; the largest offset is the safe claim.
                if (sameId && !loopHead) return AbstractValue.Packet(v0.Id, maxOffset, avail);
                int phi = Phi(block, key);
                phis.Add(phi);
                // A pointer the loop moves: the verifier walks the loop trip by trip (LLVM often
                // unrolls it), so only the first trip is sure to fail; what the entry covers is the claim.
                return AbstractValue.Packet(phi, 0, loopHead && entryAvail != long.MaxValue ? entryAvail : avail);
            }
            case ValueKind.MapValue:
            {
                int phi = Phi(block, key);
                phis.Add(phi);
                bool checkedEverywhere = true;
                for (int i = 0; i < values.Length; i++) checkedEverywhere &= states[i].NonNull.Contains(values[i].Id);
                if (checkedEverywhere) nonNullPhis.Add(phi);
                return AbstractValue.Map(phi);
            }
            case ValueKind.Scalar:
            {
                bool opaque = true;
                foreach (var v in values) opaque &= v.Opaque;
                return AbstractValue.Scalar(Phi(block, key), opaque);
            }
            default:
                return AbstractValue.Unknown;
        }
    }

    private int Phi(BasicBlock block, object key)
        => Number("phi:" + block.Ordinal + ":" + KeyName(key));

    private readonly Dictionary<object, int> _keyNames = new(FlowState.KeyComparer.Instance);

    private string KeyName(object key)
    {
        if (!_keyNames.TryGetValue(key, out int n)) _keyNames[key] = n = _keyNames.Count;
        return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Interns a description of a value as a small number (value numbering).</summary>
    private int Number(string key)
    {
        if (!_numbers.TryGetValue(key, out int n)) _numbers[key] = n = _numbers.Count + 1;
        return n;
    }

    private void Report(List<Diagnostic> into, DiagnosticDescriptor descriptor, Location location, ImmutableDictionary<string, string?>? properties, params object[] args)
    {
        if (!_reporting || !_reported.Add(location.SourceSpan)) return;
        into.Add(Diagnostic.Create(descriptor, location, properties, args));
    }

    private static DiagnosticDescriptor PacketBounds => BpfDiagnostics.PacketBounds;
    private static DiagnosticDescriptor NullCheck => BpfDiagnostics.NullCheck;
}
