using System;
using System.Collections.Generic;
using System.Threading;
using CodeFirstBpf.Generator.Frontend;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Analyzers;

/// <summary>Which program types reach a method.</summary>
[Flags]
internal enum ProgramKinds
{
    None = 0,
    Xdp = 1,
    Tc = 2,
    // The other types are the Dataplane's BpfProgramKinds bits, read from each program attribute's facts.
}

/// <summary>One call from BPF code to a user method, where it is written.</summary>
internal readonly struct CallSite
{
    public CallSite(IMethodSymbol callee, Location location)
    {
        Callee = callee;
        Location = location;
    }

    public IMethodSymbol Callee { get; }
    public Location Location { get; }
}

/// <summary>A method that is BPF code: a program, or a user method a program reaches.</summary>
internal sealed class BpfMethod
{
    public BpfMethod(IMethodSymbol method) => Method = method;

    public IMethodSymbol Method { get; }

    /// <summary>The program types whose programs reach this method.</summary>
    public ProgramKinds Kinds { get; set; }

    /// <summary>Calls to user methods with source, in source order.</summary>
    public List<CallSite> Calls { get; } = new();

    /// <summary>Calls that close a cycle (direct or mutual recursion).</summary>
    public List<CallSite> RecursiveCalls { get; } = new();

    /// <summary>Whether this method, or one it calls, compares pointers: only such a callee can bounds-check what it is given.</summary>
    public bool ComparesPointers { get; set; }
}

/// <summary>
/// The BPF code of one compilation: every <c>[Xdp]</c>/<c>[Tc]</c> method and the user methods
/// (with source) they call, transitively, with the program types reaching each and the calls that
/// make cycles. Built once per compilation, on first need, by walking only BPF code.
/// </summary>
internal sealed class BpfCallGraph
{
    private readonly Dictionary<IMethodSymbol, BpfMethod> _methods = new(SymbolEqualityComparer.Default);

    private BpfCallGraph() { }

    /// <summary>The BPF method for <paramref name="m"/>, or null when no program reaches it.</summary>
    public BpfMethod? Find(IMethodSymbol m) => _methods.TryGetValue(Normalize(m), out var node) ? node : null;

    /// <summary>The declaration that carries the body: generic definitions, partial implementations, unreduced extensions.</summary>
    public static IMethodSymbol Normalize(IMethodSymbol m)
    {
        m = (m.ReducedFrom ?? m).OriginalDefinition;
        return m.PartialImplementationPart ?? m;
    }

#pragma warning disable RS1030 // The call graph needs the bodies of other methods, in other trees, once per compilation.
    public static BpfCallGraph Build(Compilation compilation, CancellationToken ct)
    {
        var graph = new BpfCallGraph();
        var models = new Dictionary<SyntaxTree, SemanticModel>();
        var queue = new Queue<BpfMethod>();
        foreach (var program in ProgramMethods(compilation.Assembly.GlobalNamespace, ct))
        {
            var node = graph.Add(program);
            node.Kinds |= (ProgramKinds)BpfSymbols.KindOf(program)!.Flag;
            queue.Enqueue(node);
        }
        while (queue.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            var node = queue.Dequeue();
            foreach (var r in node.Method.DeclaringSyntaxReferences)
            {
                var tree = r.SyntaxTree;
                if (!models.TryGetValue(tree, out var model)) models[tree] = model = compilation.GetSemanticModel(tree);
                var body = model.GetOperation(r.GetSyntax(ct), ct);
                if (body != null) node.ComparesPointers |= CollectCalls(body, node.Calls);
            }
            foreach (var call in node.Calls)
            {
                if (graph._methods.ContainsKey(call.Callee)) continue;
                queue.Enqueue(graph.Add(call.Callee));
            }
        }
        graph.Propagate();
        graph.FindRecursion();
        return graph;
    }
#pragma warning restore RS1030

    private BpfMethod Add(IMethodSymbol m)
    {
        var node = new BpfMethod(m);
        _methods[m] = node;
        return node;
    }

    private static IEnumerable<IMethodSymbol> ProgramMethods(INamespaceSymbol ns, CancellationToken ct)
    {
        var types = new Stack<INamespaceOrTypeSymbol>();
        types.Push(ns);
        while (types.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            var current = types.Pop();
            foreach (var member in current.GetMembers())
            {
                switch (member)
                {
                    case INamespaceOrTypeSymbol nested:
                        types.Push(nested);
                        break;
                    case IMethodSymbol m when BpfSymbols.KindOf(m) != null && !m.IsPartialDefinition:
                        yield return Normalize(m);
                        break;
                }
            }
        }
    }

    /// <summary>Adds the calls in <paramref name="body"/>; returns whether it compares pointers.</summary>
    private static bool CollectCalls(IOperation body, List<CallSite> calls)
    {
        bool compares = false;
        foreach (var op in body.DescendantsAndSelf())
        {
            switch (op)
            {
                case IBinaryOperation { LeftOperand.Type.TypeKind: TypeKind.Pointer, RightOperand.Type.TypeKind: TypeKind.Pointer } b
                    when b.OperatorKind is BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
                        or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual:
                    compares = true;
                    break;
                case IInvocationOperation inv:
                    AddCall(inv.TargetMethod, op, calls);
                    break;
                case IObjectCreationOperation { Constructor: { IsImplicitlyDeclared: false } ctor }:
                    AddCall(ctor, op, calls);
                    break;
                case IPropertyReferenceOperation prop:
                    bool written = (op.Parent is IAssignmentOperation a && a.Target == op) || op.Parent is IIncrementOrDecrementOperation;
                    bool read = !(op.Parent is ISimpleAssignmentOperation s && s.Target == op);
                    if (read && prop.Property.GetMethod is { } get) AddCall(get, op, calls);
                    if (written && prop.Property.SetMethod is { } set) AddCall(set, op, calls);
                    break;
                case IMethodReferenceOperation mr:
                    AddCall(mr.Method, op, calls);
                    break;
                case IBinaryOperation { OperatorMethod: { } m }:
                    AddCall(m, op, calls);
                    break;
                case IUnaryOperation { OperatorMethod: { } m }:
                    AddCall(m, op, calls);
                    break;
                case IConversionOperation { OperatorMethod: { } m }:
                    AddCall(m, op, calls);
                    break;
                case IIncrementOrDecrementOperation { OperatorMethod: { } m }:
                    AddCall(m, op, calls);
                    break;
                case ICompoundAssignmentOperation { OperatorMethod: { } m }:
                    AddCall(m, op, calls);
                    break;
            }
        }
        return compares;
    }

    private static void AddCall(IMethodSymbol callee, IOperation site, List<CallSite> calls)
    {
        if (BpfSymbols.IsIntrinsic(callee) || !BpfSymbols.HasSource(callee) || BpfSymbols.KindOf(callee) != null) return;
        calls.Add(new CallSite(Normalize(callee), site.Syntax.GetLocation()));
    }

    /// <summary>Program kinds flow from callers to callees; pointer comparisons from callees to callers.</summary>
    private void Propagate()
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var node in _methods.Values)
                foreach (var call in node.Calls)
                {
                    var callee = _methods[call.Callee];
                    if ((callee.Kinds | node.Kinds) != callee.Kinds)
                    {
                        callee.Kinds |= node.Kinds;
                        changed = true;
                    }
                    if (callee.ComparesPointers && !node.ComparesPointers)
                    {
                        node.ComparesPointers = true;
                        changed = true;
                    }
                }
        }
    }

    /// <summary>Tarjan's strongly connected components: a call inside one component (or to itself) is recursive.</summary>
    private void FindRecursion()
    {
        var index = new Dictionary<BpfMethod, int>();
        var low = new Dictionary<BpfMethod, int>();
        var component = new Dictionary<BpfMethod, int>();
        var stack = new Stack<BpfMethod>();
        var onStack = new HashSet<BpfMethod>();
        int next = 0, components = 0;

        void Connect(BpfMethod v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var call in v.Calls)
            {
                var w = _methods[call.Callee];
                if (!index.ContainsKey(w))
                {
                    Connect(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }
            if (low[v] != index[v]) return;
            BpfMethod x;
            do
            {
                x = stack.Pop();
                onStack.Remove(x);
                component[x] = components;
            } while (x != v);
            components++;
        }

        foreach (var node in _methods.Values)
            if (!index.ContainsKey(node)) Connect(node);
        foreach (var node in _methods.Values)
            foreach (var call in node.Calls)
                if (component[_methods[call.Callee]] == component[node]
                    && (call.Callee.Equals(node.Method, SymbolEqualityComparer.Default) || HasCycle(node, component)))
                    node.RecursiveCalls.Add(call);
    }

    /// <summary>A component of more than one method is a cycle; a single method is one only when it calls itself.</summary>
    private bool HasCycle(BpfMethod node, Dictionary<BpfMethod, int> component)
    {
        int c = component[node];
        foreach (var other in _methods.Values)
            if (other != node && component[other] == c) return true;
        return false;
    }
}
