using System.Collections.Generic;
using CodeFirstBpf.Diagnostics;
using Microsoft.CodeAnalysis;
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
/// The C# subset rules (SPEC §1), checked over a method body before lowering so that every
/// violation is reported at its own span, not just the first one the lowering trips over.
/// The analyzers run the same rules live in the IDE.
/// </summary>
internal static class SubsetRules
{
    public static List<SubsetViolation> Check(IOperation body)
    {
        var found = new List<SubsetViolation>();
        Visit(body, found);
        return found;
    }

    private static bool IsFloat(ITypeSymbol? t)
        => t?.SpecialType is SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal;

    /// <summary>A class instance (strings, arrays and dynamic have rules of their own).</summary>
    private static bool IsClassInstance(ITypeSymbol t)
        => t.SpecialType != SpecialType.System_String && t.TypeKind is not (TypeKind.Array or TypeKind.Dynamic);

    private static bool IsPrintkFormat(IOperation op)
        => op.Parent is IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation inv }
           && inv.TargetMethod.Name == "Printk" && inv.TargetMethod.ContainingType.Name == "Bpf";

    /// <summary>Checks one operation; returns false when its subtree is already covered by the report.</summary>
    private static bool CheckOne(IOperation op, List<SubsetViolation> found)
    {
        Location at = op.Syntax.GetLocation();
        switch (op)
        {
            case IVariableDeclarationGroupOperation g:
                foreach (var d in g.Declarations)
                    foreach (var v in d.Declarators)
                        if (IsFloat(v.Symbol.Type))
                        {
                            found.Add(new SubsetViolation(BpfDiagnostics.FloatingPoint, at, v.Symbol.Type.ToDisplayString()));
                            return false;
                        }
                return true;
            case IObjectCreationOperation oc when oc.Type is { IsReferenceType: true }:
            case IAnonymousObjectCreationOperation:
            case ITypeParameterObjectCreationOperation:
                found.Add(new SubsetViolation(BpfDiagnostics.HeapAllocation, at, op.Syntax.ToString()));
                return false;
            case IArrayCreationOperation or IArrayInitializerOperation:
                found.Add(new SubsetViolation(BpfDiagnostics.ManagedArray, at));
                return false;
            case IInterpolatedStringOperation:
                found.Add(new SubsetViolation(BpfDiagnostics.StringUse, at));
                return false;
            case ILiteralOperation { ConstantValue: { HasValue: true, Value: string } } when !IsPrintkFormat(op):
                found.Add(new SubsetViolation(BpfDiagnostics.StringUse, at));
                return false;
            case IConversionOperation c when c.Operand.Type is { IsValueType: true } && c.Type is { IsReferenceType: true } && c.Type.TypeKind != TypeKind.Pointer:
                found.Add(new SubsetViolation(BpfDiagnostics.Boxing, at, c.Operand.Type.ToDisplayString(), c.Type.ToDisplayString()));
                return false;
            case IAnonymousFunctionOperation or IDelegateCreationOperation:
                found.Add(new SubsetViolation(BpfDiagnostics.Delegate, at));
                return false;
            case ILocalFunctionOperation:
                found.Add(new SubsetViolation(BpfDiagnostics.Unsupported, at, "A local function", "BPF code can call static methods only; make it a static method of the class"));
                return false;
            case IForEachLoopOperation:
                found.Add(new SubsetViolation(BpfDiagnostics.Foreach, at));
                return false;
            case IThrowOperation:
                found.Add(new SubsetViolation(BpfDiagnostics.Exceptions, at, "throw"));
                return false;
            case ITryOperation:
                found.Add(new SubsetViolation(BpfDiagnostics.Exceptions, at, "try"));
                return false;
            case IAwaitOperation:
                found.Add(new SubsetViolation(BpfDiagnostics.Async, at));
                return false;
            case IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicObjectCreationOperation or IDynamicIndexerAccessOperation:
                found.Add(new SubsetViolation(BpfDiagnostics.Dynamic, at));
                return false;
            case IBinaryOperation { IsChecked: true, OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide }:
            case ICompoundAssignmentOperation { IsChecked: true, OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply }:
            case IUnaryOperation { IsChecked: true, OperatorKind: UnaryOperatorKind.Minus }:
                found.Add(new SubsetViolation(BpfDiagnostics.Checked, at));
                return false;
            case IFieldReferenceOperation { Instance.Type: { IsReferenceType: true } it } fr when IsClassInstance(it):
                found.Add(new SubsetViolation(BpfDiagnostics.ClassInstance, at, fr.Field.ToDisplayString()));
                return false;
            case IPropertyReferenceOperation { Instance.Type: { IsReferenceType: true } pt } pr when IsClassInstance(pt):
                found.Add(new SubsetViolation(BpfDiagnostics.ClassInstance, at, pr.Property.ToDisplayString()));
                return false;
            case IInvocationOperation inv:
            {
                IMethodSymbol m = inv.TargetMethod;
                if (BpfSymbols.IsIntrinsic(m)) return true;
                if (m.ContainingNamespace?.ToDisplayString() == "System.Linq")
                {
                    found.Add(new SubsetViolation(BpfDiagnostics.Linq, at));
                    return false;
                }
                if (!m.IsStatic && (m.IsVirtual || m.IsAbstract || m.IsOverride || m.ContainingType.TypeKind == TypeKind.Interface
                    || (inv.Instance?.Type?.IsReferenceType ?? false) || !BpfSymbols.HasSource(m)))
                {
                    found.Add(new SubsetViolation(BpfDiagnostics.VirtualCall, at, m.ToDisplayString()));
                    return false;
                }
                if (!BpfSymbols.HasSource(m))
                {
                    found.Add(new SubsetViolation(BpfDiagnostics.NoSource, at, m.ToDisplayString()));
                    return false;
                }
                return true;
            }
        }
        if (IsFloat(op.Type))
        {
            found.Add(new SubsetViolation(BpfDiagnostics.FloatingPoint, at, op.Type!.ToDisplayString()));
            return false;
        }
        if (op.Type?.TypeKind == TypeKind.Dynamic)
        {
            found.Add(new SubsetViolation(BpfDiagnostics.Dynamic, at));
            return false;
        }
        return true;
    }

    private static void Visit(IOperation op, List<SubsetViolation> found)
    {
        if (!CheckOne(op, found)) return;
        foreach (var child in op.ChildOperations) Visit(child, found);
    }
}
