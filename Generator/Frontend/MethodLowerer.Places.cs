using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.Diagnostics;
using CodeFirstBpf.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Generator.Frontend;

internal sealed partial class MethodLowerer
{
    private enum PlaceKind { Memory, Context, Accessors }

    /// <summary>
    /// Something a C# assignment, compound assignment or <c>++</c> can write: memory (an address and
    /// the alignment it is known to have), a 32-bit field of the kernel's context, or a property whose
    /// accessors run with a receiver and index arguments evaluated once, before the value — the order
    /// C# evaluates them in.
    /// </summary>
    private readonly struct Place
    {
        public Place(PlaceKind kind, ITypeSymbol type, LValue address, int align, IPropertyReferenceOperation? property, LValue? receiver, LValue[]? args)
        {
            Kind = kind;
            Type = type;
            Address = address;
            Align = align;
            Property = property;
            Receiver = receiver;
            Args = args;
        }

        public PlaceKind Kind { get; }
        public ITypeSymbol Type { get; }
        public LValue Address { get; }
        public int Align { get; }
        public IPropertyReferenceOperation? Property { get; }
        public LValue? Receiver { get; }
        public LValue[]? Args { get; }
    }

    /// <summary>The place an assignment target names; never a temporary copy.</summary>
    private Place EmitPlace(IOperation target)
    {
        Guard(target);
        if (target is IParenthesizedOperation p) return EmitPlace(p.Operand);
        if (target is IPropertyReferenceOperation prop) return PropertyPlace(prop);
        ITypeSymbol t = Subst(target.Type!);
        return new Place(PlaceKind.Memory, t, EmitAddress(target, allowTemp: false), AlignOf(target), null, null, null);
    }

    private Place PropertyPlace(IPropertyReferenceOperation prop)
    {
        IPropertySymbol p = prop.Property;
        ITypeSymbol t = Subst(prop.Type!);
        if (TypeLayout.IsContext(p.ContainingType))
        {
            LValue ctx = EmitValue(prop.Instance!);
            return new Place(PlaceKind.Context, t, _fb.Gep(ctx, ContextOffset(prop)), 4, prop, null, null);
        }
        if (BackingField(p) is { } field)
        {
            if (field.IsStatic)
                throw new LoweringException("static auto-property", Loc(prop), BpfDiagnostics.Unsupported, "The static auto-property '" + p.Name + "'",
                    "a BPF global is a static field of the program class: declare 'static " + p.Type.ToDisplayString() + " " + p.Name + ";' instead");
            LValue self = EmitAddress(prop.Instance!);
            var owner = (INamedTypeSymbol)Subst(field.ContainingType);
            IFieldSymbol f = owner.GetMembers(field.Name).OfType<IFieldSymbol>().First();
            return new Place(PlaceKind.Memory, t, _fb.Gep(self, Layout.FieldOffset(f, Loc(prop))), FieldAlign(f, prop.Instance), null, null, null);
        }
        // A property with neither accessor does not compile, so one of them exists.
        IMethodSymbol accessor = (p.GetMethod ?? p.SetMethod)!;
        LValue? receiver = p.IsStatic ? null : Receiver(prop.Instance!, accessor);
        var args = new LValue[prop.Arguments.Length];
        for (int i = 0; i < prop.Arguments.Length; i++)
        {
            IParameterSymbol param = prop.Arguments[i].Parameter ?? p.Parameters[i];
            args[i] = EmitArgument(prop.Arguments[i].Value, param, Subst(accessor.Parameters[param.Ordinal].Type));
        }
        return new Place(PlaceKind.Accessors, t, default, 0, prop, receiver, args);
    }

    /// <summary>The compiler-made field behind an auto-property (its accessors have no body to lower).</summary>
    private static IFieldSymbol? BackingField(IPropertySymbol p)
    {
        foreach (var m in p.OriginalDefinition.ContainingType.GetMembers())
            if (m is IFieldSymbol { IsImplicitlyDeclared: true } f && SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, p.OriginalDefinition))
                return f;
        return null;
    }

    private LValue LoadPlace(Place place, IOperation where)
    {
        switch (place.Kind)
        {
            case PlaceKind.Memory:
                return Load(place.Address, place.Type, place.Align);
            case PlaceKind.Context:
            {
                // A field of several words (__sk_buff.cb[5]) is used through its address.
                if (BpfFacts.ContextField(place.Property!.Property) is { Count: > 1 }) return place.Address;
                if (place.Type is IPointerTypeSymbol)
                    return _fb.Cast(CastOp.IntToPtr, _fb.Cast(CastOp.ZExt, _fb.LoadPacketPointer(place.Address), LType.I64), LType.Ptr);
                return ConvertInt(_fb.Load(LType.I32, place.Address, 4), place.Type, ScalarOf(place.Type, where));
            }
            default:
            {
                IPropertySymbol p = place.Property!.Property;
                IMethodSymbol getter = p.GetMethod ?? throw NotSupported(where, "Reading the write-only property '" + p.Name + "'");
                return CallFunction(where, getter, place.Receiver, place.Args!, null);
            }
        }
    }

    private void StorePlace(Place place, LValue value, IOperation where)
    {
        switch (place.Kind)
        {
            case PlaceKind.Memory:
                Store(value, place.Address, place.Type, place.Align);
                return;
            case PlaceKind.Context:
                if (place.Property!.Property.SetMethod == null) throw NotSupported(where, "Assigning the read-only context property " + place.Property.Property.Name);
                _fb.Store(ConvertInt(value, place.Type, LType.I32), place.Address, 4);
                return;
            default:
            {
                IPropertySymbol p = place.Property!.Property;
                IMethodSymbol setter = p.SetMethod ?? throw NotSupported(where, "Assigning the read-only property '" + p.Name + "'");
                CallFunction(where, setter, place.Receiver, place.Args!.Concat(new[] { value }).ToArray(), null);
                return;
            }
        }
    }

    /// <summary>
    /// The receiver of an instance call. A method that may mutate its struct (not <c>readonly</c>)
    /// called on a read-only variable — an <c>in</c> parameter, a <c>ref readonly</c> local, a
    /// <c>readonly</c> field, <c>this</c> in a readonly member — runs on a copy, as C# defines.
    /// </summary>
    private LValue Receiver(IOperation instance, IMethodSymbol? method)
    {
        ITypeSymbol t = Subst(instance.Type!);
        if (method != null && !method.IsReadOnly && TypeLayout.IsStruct(t) && IsReadOnlyVariable(instance))
        {
            LValue copy = NewTemp(t);
            EmitStructInto(instance, copy, fresh: true);
            return copy;
        }
        return EmitAddress(instance);
    }

    private bool IsReadOnlyVariable(IOperation op)
    {
        switch (op)
        {
            case IParenthesizedOperation p:
                return IsReadOnlyVariable(p.Operand);
            case IParameterReferenceOperation pr:
                return pr.Parameter.RefKind is RefKind.In or RefKind.RefReadOnlyParameter;
            case ILocalReferenceOperation lr:
                return lr.Local.RefKind == RefKind.RefReadOnly;
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                return _method.IsReadOnly;
            case IFieldReferenceOperation fr:
            {
                bool inOwnConstructor = _method.MethodKind == MethodKind.Constructor && fr.Instance is IInstanceReferenceOperation
                    && SymbolEqualityComparer.Default.Equals(fr.Field.ContainingType.OriginalDefinition, _method.ContainingType.OriginalDefinition);
                if (fr.Field.IsReadOnly && !inOwnConstructor) return true;
                return fr.Instance != null && fr.Instance.Type is { TypeKind: TypeKind.Struct } && IsReadOnlyVariable(fr.Instance);
            }
        }
        return false;
    }

    /// <summary>One argument as the callee's parameter takes it: an address for ref/in/out, a private copy for a struct, else a value.</summary>
    private LValue EmitArgument(IOperation a, IParameterSymbol p, ITypeSymbol pt)
    {
        if (p.RefKind is RefKind.Ref or RefKind.Out) return EmitAddress(a, allowTemp: false);
        if (p.RefKind != RefKind.None) return EmitAddress(a);
        if (TypeLayout.IsStruct(pt))
        {
            LValue v = NewTemp(pt);
            EmitStructInto(a, v, fresh: true);
            return v;
        }
        return EmitValueAs(a, pt);
    }

    /// <summary>The alignment a field is known to have inside its (possibly packed) container.</summary>
    private int FieldAlign(IFieldSymbol field, IOperation? instance)
    {
        field = Specialised(field);
        var owner = (INamedTypeSymbol)Subst(field.ContainingType);
        int natural = Layout.FieldLayout(field).Align;
        int container = Layout.Struct(owner).Layout.Align;
        if (instance?.Type != null && TypeLayout.IsStruct(Subst(instance.Type))) container = System.Math.Min(container, AlignOf(instance));
        int offset = Layout.FieldOffset(field);
        int offsetAlign = offset == 0 ? int.MaxValue : offset & -offset;
        return System.Math.Max(1, System.Math.Min(natural, System.Math.Min(container, offsetAlign)));
    }
}
