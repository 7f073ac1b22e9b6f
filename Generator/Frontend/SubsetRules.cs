using System.Linq;
using System.Collections.Generic;
using CodeFirstBpf.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Generator.Frontend;

/// <summary>One violation of the BPF C# subset: which rule, where, and the message arguments.</summary>
internal readonly struct SubsetViolation
{
    public SubsetViolation(DiagnosticDescriptor descriptor, Location location, params object[] args)
    {
        Descriptor = descriptor;
        Location = location;
        Args = args;
    }

    public DiagnosticDescriptor Descriptor { get; }
    public Location Location { get; }
    public object[] Args { get; }
}

/// <summary>
/// The C# subset rules (what BPF code may contain: the README's "supported C# subset"), checked over a method body before lowering so that every
/// violation is reported at its own span, not just the first one the lowering trips over.
/// The analyzers run the same rules live in the IDE.
/// </summary>
internal sealed class SubsetRules
{
    private static readonly SymbolDisplayFormat s_short = SymbolDisplayFormat.CSharpShortErrorMessageFormat;

    private readonly List<SubsetViolation> _found = new();

    /// <summary>Parameters and fields of a rejected type already reported: one diagnostic per symbol, not per use.</summary>
    private readonly HashSet<ISymbol> _reportedSymbols = new(SymbolEqualityComparer.Default);

    /// <summary>Locals of class or delegate type whose initializer (or an assignment) was reported: their uses stay silent.</summary>
    private readonly HashSet<ISymbol> _reportedLocals = new(SymbolEqualityComparer.Default);

    public static List<SubsetViolation> Check(IOperation body)
    {
        var rules = new SubsetRules();
        try
        {
            rules.Visit(body);
        }
        catch (System.InsufficientExecutionStackException)
        {
            // Code nested so deeply that walking it would exhaust the stack (and kill the compiler).
            return new List<SubsetViolation> { new(BpfDiagnostics.TooDeep, body.Syntax.GetLocation(), "code") };
        }
        return rules._found;
    }

    private void Add(DiagnosticDescriptor d, Location at, params object[] args) => _found.Add(new SubsetViolation(d, at, args));

    private static bool IsFloat(ITypeSymbol? t)
        => t?.SpecialType is SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal;

    /// <summary>A class instance (strings, arrays and dynamic have rules of their own).</summary>
    private static bool IsClassInstance(ITypeSymbol t)
        => t.SpecialType != SpecialType.System_String && t.TypeKind is not (TypeKind.Array or TypeKind.Dynamic);

    /// <summary>A string constant that is (part of) the format of Bpf.Printk: a literal, or constants joined with +.</summary>
    private static bool IsPrintkFormat(IOperation op)
    {
        IOperation? at = op.Parent;
        while (at is IBinaryOperation { ConstantValue.HasValue: true } or IParenthesizedOperation) at = at.Parent;
        return at is IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation inv }
           && inv.TargetMethod.Name == "Printk" && inv.TargetMethod.ContainingType.Name == "Bpf";
    }

    private static bool IsSpan(ITypeSymbol? t)
        => t is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", Arity: 1 } n && n.ContainingNamespace?.ToDisplayString() == "System";

    /// <summary>
    /// A value type BPF code cannot hold, with the BPF1001 message arguments: spans, nullable value
    /// types, 128-bit integers. Reported where such a value is introduced, never at each use.
    /// </summary>
    internal static (string What, string Fix)? RejectedType(ITypeSymbol? t)
    {
        if (t is not INamedTypeSymbol n) return null;
        if (IsSpan(n)) return ("'" + n.ToDisplayString(s_short) + "' (a span)", "BPF code has no spans: use a pointer and a length, or a fixed buffer (a copy or fill may name its span in place: new Span<byte>(p, n).CopyTo/Fill/Clear)");
        if (n.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            return ("'" + n.ToDisplayString(s_short) + "' (a nullable value type)", "BPF code has no nullable value types: use a bool flag or a sentinel value");
        if (n.Name is "Int128" or "UInt128" && n.ContainingNamespace?.ToDisplayString() == "System")
            return ("'" + n.Name + "'", "BPF registers are 64 bits: use two ulong fields");
        return null;
    }

    /// <summary>Whether <paramref name="op"/> reads a local, parameter or field of a rejected type (reported where it was declared).</summary>
    private static bool ReadsRejectedSymbol(IOperation op)
    {
        foreach (var d in op.Descendants())
            if (d is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation && RejectedType(d.Type) != null) return true;
        return false;
    }

    private static IOperation StripConversions(IOperation op)
    {
        while (op is IConversionOperation { OperatorMethod: null } c) op = c.Operand;
        return op;
    }

    /// <summary>Whether <paramref name="instance"/> is a local whose creation was already reported.</summary>
    private bool IsReportedLocal(IOperation? instance)
        => instance != null && StripConversions(instance) is ILocalReferenceOperation l && _reportedLocals.Contains(l.Local);

    /// <summary>A <c>stackalloc</c> that runs once per iteration of an enclosing loop (a for loop's initializer runs once).</summary>
    private static bool InLoop(IOperation op)
    {
        IOperation child = op;
        for (var parent = op.Parent; parent != null; child = parent, parent = parent.Parent)
        {
            if (parent is IForLoopOperation f && f.Before.Contains(child)) continue;
            if (parent is ILoopOperation) return true;
        }
        return false;
    }

    private static bool IsStackAlloc(IOperation op)
        => op.Syntax is StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax
           && op is not IConversionOperation;

    /// <summary>The rules keyed on the type of a value; null when none applies to <paramref name="op"/>.</summary>
    private bool? CheckType(IOperation op, Location at)
    {
        if (op is IVariableDeclarationGroupOperation g)
        {
            foreach (var d in g.Declarations)
                foreach (var v in d.Declarators)
                {
                    var t = v.Symbol.Type;
                    if (IsFloat(t))
                    {
                        Add(BpfDiagnostics.FloatingPoint, at, t.ToDisplayString());
                        return false;
                    }
                    if (RejectedType(t) is { } bad)
                    {
                        Add(BpfDiagnostics.Unsupported, at, bad.What, bad.Fix);
                        return false;
                    }
                }
            return true;
        }
        if (RejectedType(op.Type) is not { } rejected) return null;
        if (BpfSymbols.IsBlockSpan(op)) return true; // new Span<byte>(p, n).CopyTo/Fill/Clear: a block copy or fill
        switch (op)
        {
            case ILocalReferenceOperation { IsDeclaration: false }:
                return false;
            case IConversionOperation { IsImplicit: true }:
                // Lifting a value to match the other operand or the target: that one is the mistake.
                return true;
            case IParameterReferenceOperation or IFieldReferenceOperation:
                ISymbol symbol = op is IParameterReferenceOperation p ? p.Parameter : ((IFieldReferenceOperation)op).Field;
                if (_reportedSymbols.Add(symbol)) Add(BpfDiagnostics.Unsupported, at, rejected.What, rejected.Fix);
                return false;
            default:
                if (ReadsRejectedSymbol(op)) return true;
                Add(BpfDiagnostics.Unsupported, at, rejected.What, rejected.Fix);
                return false;
        }
    }

    /// <summary>Checks one operation; returns false when its subtree is already covered by the report.</summary>
    private bool CheckOne(IOperation op)
    {
        Location at = op.Syntax.GetLocation();
        if (CheckType(op, at) is bool typed) return typed;
        if (IsStackAlloc(op) && InLoop(op))
        {
            Add(BpfDiagnostics.Unsupported, at, "stackalloc inside a loop",
                "each iteration would need a fresh block of the fixed 512-byte BPF stack: move the stackalloc before the loop");
            return false;
        }
        switch (op)
        {
            case IObjectCreationOperation oc when oc.Type is { IsReferenceType: true }:
            case IAnonymousObjectCreationOperation:
            case ITypeParameterObjectCreationOperation:
                Add(BpfDiagnostics.HeapAllocation, at, op.Syntax.ToString());
                return false;
            case IArrayCreationOperation or IArrayInitializerOperation:
                Add(BpfDiagnostics.ManagedArray, at);
                return false;
            case IInterpolatedStringOperation:
                Add(BpfDiagnostics.StringUse, at);
                return false;
            case ILiteralOperation { ConstantValue: { HasValue: true, Value: string } } when !IsPrintkFormat(op):
                Add(BpfDiagnostics.StringUse, at);
                return false;
            case IConversionOperation c when c.Operand.Type is { IsValueType: true } && c.Type is { IsReferenceType: true } && c.Type.TypeKind != TypeKind.Pointer:
                Add(BpfDiagnostics.Boxing, at, c.Operand.Type.ToDisplayString(), c.Type.ToDisplayString());
                return false;
            case IAnonymousFunctionOperation or IDelegateCreationOperation:
                Add(BpfDiagnostics.Delegate, at);
                return false;
            case ILocalFunctionOperation:
                Add(BpfDiagnostics.Unsupported, at, "A local function", "BPF code can call static methods only; make it a static method of the class");
                return false;
            case ITypeOfOperation:
                Add(BpfDiagnostics.Unsupported, at, "typeof", "BPF has no runtime type information");
                return false;
            case IIsPatternOperation { Pattern: IListPatternOperation }:
            case ISwitchExpressionOperation sx when sx.Arms.Any(a => a.Pattern is IListPatternOperation):
                // One mistake, one diagnostic: the list pattern, not also the span it matches.
                Add(BpfDiagnostics.Unsupported, at, "A list pattern", "compare the elements with explicit index comparisons (p[0] == 1 && p[1] == 2)");
                return false;
            case IListPatternOperation:
                Add(BpfDiagnostics.Unsupported, at, "A list pattern", "compare the elements with explicit index comparisons (p[0] == 1 && p[1] == 2)");
                return false;
            case IForEachLoopOperation:
                Add(BpfDiagnostics.Foreach, at);
                return false;
            case IThrowOperation:
                Add(BpfDiagnostics.Exceptions, at, "throw");
                return false;
            case ITryOperation:
                Add(BpfDiagnostics.Exceptions, at, "try");
                return false;
            case IAwaitOperation:
                Add(BpfDiagnostics.Async, at);
                return false;
            case IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicObjectCreationOperation or IDynamicIndexerAccessOperation:
                Add(BpfDiagnostics.Dynamic, at);
                return false;
            case IBinaryOperation { IsChecked: true, OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide }:
            case ICompoundAssignmentOperation { IsChecked: true, OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply }:
            case IUnaryOperation { IsChecked: true, OperatorKind: UnaryOperatorKind.Minus }:
            case IIncrementOrDecrementOperation { IsChecked: true }:
                Add(BpfDiagnostics.Checked, at);
                return false;
            case IFieldReferenceOperation { Instance.Type: { IsReferenceType: true } it } fr when IsClassInstance(it):
                ReportInstanceMember(fr.Instance!, fr.Field, at);
                return false;
            case IPropertyReferenceOperation { Instance.Type: { IsReferenceType: true } pt } pr when IsClassInstance(pt):
                ReportInstanceMember(pr.Instance!, pr.Property, at);
                return false;
            case IInvocationOperation inv:
                return CheckCall(inv, at);
        }
        if (IsFloat(op.Type))
        {
            Add(BpfDiagnostics.FloatingPoint, at, op.Type!.ToDisplayString());
            return false;
        }
        if (op.Type?.TypeKind == TypeKind.Dynamic)
        {
            Add(BpfDiagnostics.Dynamic, at);
            return false;
        }
        return true;
    }

    private bool CheckCall(IInvocationOperation inv, Location at)
    {
        IMethodSymbol m = inv.TargetMethod;
        if (inv.Instance != null && BpfSymbols.IsMapType(m.ContainingType) && BpfFacts.HelperId(m.OriginalDefinition) == null)
        {
            // Reset, RawEntries, TryRead: the in-memory map's .NET side, which has no kernel helper.
            ReportInstanceMember(inv.Instance, m, at);
            return false;
        }
        if (BpfSymbols.IsIntrinsic(m)) return true;
        if (m.ContainingNamespace?.ToDisplayString() == "System.Linq")
        {
            Add(BpfDiagnostics.Linq, at);
            return false;
        }
        // A call on a span (or with one): the span is the mistake, reported where it was made.
        if (IsSpan(m.ContainingType) || IsSpan(inv.Instance?.Type) || HasSpanArgument(inv)) return true;
        // A call on something whose creation was reported (a List, a lambda): that one report covers it.
        if (IsReportedLocal(inv.Instance)) return true;
        if (inv.Instance?.Type is { TypeKind: TypeKind.Delegate })
        {
            // A delegate parameter is one mistake, however often it is invoked.
            if (FirstUse(inv.Instance)) Add(BpfDiagnostics.Delegate, at);
            return false;
        }
        if (!m.IsStatic && !m.IsVirtual && !m.IsAbstract && !m.IsOverride && m.ContainingType.TypeKind != TypeKind.Interface
            && inv.Instance is { Type: { IsReferenceType: true } receiver } && IsClassInstance(receiver))
        {
            // A plain method of an object (List<T>.Add): the object is the mistake, not a virtual call.
            ReportInstanceMember(inv.Instance, m, at);
            return false;
        }
        if (!m.IsStatic && (m.IsVirtual || m.IsAbstract || m.IsOverride || m.ContainingType.TypeKind == TypeKind.Interface
            || (inv.Instance?.Type?.IsReferenceType ?? false) || !BpfSymbols.HasSource(m)))
        {
            Add(BpfDiagnostics.VirtualCall, at, m.ToDisplayString());
            return false;
        }
        if (!BpfSymbols.HasSource(m))
        {
            Add(BpfDiagnostics.NoSource, at, m.ToDisplayString());
            return false;
        }
        return true;
    }

    private const string MapMemberFix = "BPF code reaches a map only through its operations (Lookup, Update, Delete, …); its other members run only in .NET";

    /// <summary>
    /// BPF1018 for a member of an object, once per object (a parameter, local or field of class
    /// type is one mistake, however often it is used); a member of a map that is not one of its
    /// operations is BPF1001, since BPF code may well use maps.
    /// </summary>
    private void ReportInstanceMember(IOperation instance, ISymbol member, Location at)
    {
        if (IsReportedLocal(instance) || !FirstUse(instance)) return;
        if (BpfSymbols.IsMapType(instance.Type))
            Add(BpfDiagnostics.Unsupported, at, "'" + instance.Type!.Name + "." + member.Name + "' (a member of the map object)", MapMemberFix);
        else
            Add(BpfDiagnostics.ClassInstance, at, member.ToDisplayString());
    }

    /// <summary>False when <paramref name="instance"/> is a local or parameter one of whose uses was already reported.</summary>
    private bool FirstUse(IOperation instance) => StripConversions(instance) switch
    {
        ILocalReferenceOperation l => _reportedSymbols.Add(l.Local),
        IParameterReferenceOperation p => _reportedSymbols.Add(p.Parameter),
        _ => true,
    };

    private static bool HasSpanArgument(IInvocationOperation inv)
    {
        foreach (var a in inv.Arguments)
            if (IsSpan(a.Value.Type)) return true;
        return false;
    }

    private void Visit(IOperation op)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        int before = _found.Count;
        if (!CheckOne(op)) return;
        foreach (var child in op.ChildOperations) Visit(child);
        if (_found.Count == before) return;
        switch (op)
        {
            case IVariableDeclaratorOperation d when d.Symbol.Type is { IsReferenceType: true }:
                _reportedLocals.Add(d.Symbol);
                break;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation l } when l.Local.Type.IsReferenceType:
                _reportedLocals.Add(l.Local);
                break;
        }
    }
}
