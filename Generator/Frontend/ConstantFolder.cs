using System;
using System.Linq;
using CodeFirstBpf.Diagnostics;
using CodeFirstBpf.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Generator.Frontend;

/// <summary>
/// Evaluates the initializer of a <c>static readonly</c> integer field at compile time, exactly as
/// .NET's static initialization would: C# integer semantics (promotion, unchecked wrap-around,
/// masked shift counts), initializers in textual order (a field read before its own initializer ran
/// is still 0), and no static constructor that could overwrite the result. BPF has no static
/// initialization, so the value becomes a constant in the program. Anything it cannot evaluate
/// the way .NET would is reported instead of guessed.
/// </summary>
internal sealed class ConstantFolder
{
    private const int MaxDepth = 32;
    private readonly Func<SyntaxTree, SemanticModel> _models;

    public ConstantFolder(Func<SyntaxTree, SemanticModel> models) => _models = models;

    /// <summary>The value of a static readonly field (a long or a bool), or null when it has no initializer.</summary>
    public object? FieldValue(IFieldSymbol f, Location? use, int depth = 0)
    {
        if (f.HasConstantValue) return Normalise(f.ConstantValue);
        if (depth > MaxDepth)
            throw new LoweringException("static readonly cycle", use, BpfDiagnostics.Unsupported, "The initializer of '" + f.Name + "'", "it depends on itself through other static readonly fields");
        if (f.ContainingType.StaticConstructors.Any(c => !c.IsImplicitlyDeclared))
            throw new LoweringException("static ctor", use, BpfDiagnostics.StaticConstructor, f.ContainingType.Name);
        foreach (var r in f.DeclaringSyntaxReferences)
        {
            if (r.GetSyntax() is not VariableDeclaratorSyntax { Initializer: { } init }) continue;
            var op = _models(r.SyntaxTree).GetOperation(init.Value);
            if (op == null) return null;
            return Eval(op, depth, init.Value.SpanStart, r.SyntaxTree)
                ?? throw new LoweringException("static readonly", init.Value.GetLocation(), BpfDiagnostics.Unsupported, "The initializer of '" + f.Name + "'",
                    "BPF code can use a static readonly field whose value is computed from constants and other static readonly fields with integer operators; make it a const or a [Config] field");
        }
        return null;
    }

    private static object Normalise(object? v) => v switch
    {
        bool b => b,
        ulong u => unchecked((long)u),
        char c => (long)c,
        null => 0L,
        _ => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture),
    };

    private object? Eval(IOperation op, int depth, int position, SyntaxTree tree)
    {
        if (op.ConstantValue.HasValue && op.ConstantValue.Value is not string) return Normalise(op.ConstantValue.Value);
        switch (op)
        {
            case IParenthesizedOperation p:
                return Eval(p.Operand, depth, position, tree);
            case IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } f }:
            {
                // Initializers run in textual order: one declared later in this file has not run yet.
                bool later = f.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == tree && r.Span.Start > position)
                    && SymbolEqualityComparer.Default.Equals(f.ContainingType, ContainingType(op));
                return later ? (f.Type.SpecialType == SpecialType.System_Boolean ? false : 0L) : FieldValue(f, op.Syntax.GetLocation(), depth + 1);
            }
            case IConversionOperation { OperatorMethod: null, IsChecked: false } c when c.Type != null:
            {
                object? v = Eval(c.Operand, depth, position, tree);
                if (v is bool || v == null) return c.Type.SpecialType == SpecialType.System_Boolean ? v : null;
                return Width(c.Type) is { } w ? Truncate((long)v, w.Bits, w.Signed) : null;
            }
            case IUnaryOperation { OperatorMethod: null, IsChecked: false, IsLifted: false } u when u.Type != null:
            {
                object? v = Eval(u.Operand, depth, position, tree);
                if (u.OperatorKind == UnaryOperatorKind.Not) return v is bool b ? !b : null;
                if (v is not long x || Width(u.Type) is not { } w) return null;
                return u.OperatorKind switch
                {
                    UnaryOperatorKind.Plus => x,
                    UnaryOperatorKind.Minus => Truncate(unchecked(-x), w.Bits, w.Signed),
                    UnaryOperatorKind.BitwiseNegation => Truncate(~x, w.Bits, w.Signed),
                    _ => null,
                };
            }
            case IBinaryOperation { OperatorMethod: null, IsChecked: false, IsLifted: false } b when b.LeftOperand.Type != null:
                return Binary(b, Eval(b.LeftOperand, depth, position, tree), Eval(b.RightOperand, depth, position, tree));
        }
        return null;
    }

    private static INamedTypeSymbol? ContainingType(IOperation op)
    {
        for (IOperation? o = op; o != null; o = o.Parent)
            if (o is IFieldInitializerOperation fi) return fi.InitializedFields.FirstOrDefault()?.ContainingType;
        return null;
    }

    private static object? Binary(IBinaryOperation b, object? l, object? r)
    {
        if (l is bool lb && r is bool rb)
            return b.OperatorKind switch
            {
                BinaryOperatorKind.And or BinaryOperatorKind.ConditionalAnd => lb && rb,
                BinaryOperatorKind.Or or BinaryOperatorKind.ConditionalOr => lb || rb,
                BinaryOperatorKind.ExclusiveOr or BinaryOperatorKind.NotEquals => lb != rb,
                BinaryOperatorKind.Equals => lb == rb,
                _ => null,
            };
        if (l is not long x || r is not long y || Width(b.LeftOperand.Type!) is not { } w) return null;
        bool s = w.Signed;
        ulong ux = unchecked((ulong)x), uy = unchecked((ulong)y);
        switch (b.OperatorKind)
        {
            case BinaryOperatorKind.Equals: return x == y;
            case BinaryOperatorKind.NotEquals: return x != y;
            case BinaryOperatorKind.LessThan: return s ? x < y : ux < uy;
            case BinaryOperatorKind.LessThanOrEqual: return s ? x <= y : ux <= uy;
            case BinaryOperatorKind.GreaterThan: return s ? x > y : ux > uy;
            case BinaryOperatorKind.GreaterThanOrEqual: return s ? x >= y : ux >= uy;
        }
        long? v = b.OperatorKind switch
        {
            BinaryOperatorKind.Add => unchecked(x + y),
            BinaryOperatorKind.Subtract => unchecked(x - y),
            BinaryOperatorKind.Multiply => unchecked(x * y),
            // .NET throws for a zero divisor and for MinValue / -1 even unchecked: not foldable.
            BinaryOperatorKind.Divide when y != 0 && !(s && y == -1) => s ? x / y : unchecked((long)(ux / uy)),
            BinaryOperatorKind.Remainder when y != 0 && !(s && y == -1) => s ? x % y : unchecked((long)(ux % uy)),
            BinaryOperatorKind.And => x & y,
            BinaryOperatorKind.Or => x | y,
            BinaryOperatorKind.ExclusiveOr => x ^ y,
            BinaryOperatorKind.LeftShift => x << (int)(y & (w.Bits - 1)),
            BinaryOperatorKind.RightShift => s ? x >> (int)(y & (w.Bits - 1)) : unchecked((long)(ux >> (int)(y & (w.Bits - 1)))),
            BinaryOperatorKind.UnsignedRightShift => unchecked((long)((ux & Mask(w.Bits)) >> (int)(y & (w.Bits - 1)))),
            _ => null,
        };
        return v.HasValue ? Truncate(v.Value, w.Bits, s) : null;
    }

    private static ulong Mask(int bits) => bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;

    private static long Truncate(long v, int bits, bool signed)
    {
        if (bits == 64) return v;
        ulong m = unchecked((ulong)v) & Mask(bits);
        if (signed && (m >> (bits - 1)) != 0) m |= ~Mask(bits);
        return unchecked((long)m);
    }

    private static (int Bits, bool Signed)? Width(ITypeSymbol t)
    {
        if (t is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } u }) t = u;
        return t.SpecialType switch
        {
            SpecialType.System_SByte => (8, true),
            SpecialType.System_Byte => (8, false),
            SpecialType.System_Int16 => (16, true),
            SpecialType.System_UInt16 or SpecialType.System_Char => (16, false),
            SpecialType.System_Int32 => (32, true),
            SpecialType.System_UInt32 => (32, false),
            SpecialType.System_Int64 or SpecialType.System_IntPtr => (64, true),
            SpecialType.System_UInt64 or SpecialType.System_UIntPtr => (64, false),
            _ => null,
        };
    }
}
