using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace CodeFirstBpf.Generator.Frontend;

/// <summary>
/// Reads the kernel facts declared on the Dataplane API (<c>[BpfHelper]</c>, <c>[BpfMapKind]</c>,
/// <c>[BpfContext]</c>, <c>[BpfContextField]</c> in <c>Dataplane/Facts/KernelFacts.cs</c>): helper
/// numbers, map types, context layouts and which program types may use what. The generator and
/// the analyzers (linked source) both ask here, so no fact is written twice.
/// </summary>
internal static class BpfFacts
{
    /// <summary><c>BpfProgramKinds</c> values (the enum lives in the Dataplane assembly).</summary>
    public const int Xdp = 1, Tc = 2, All = 127;

    /// <summary>How diagnostics name each <c>BpfProgramKinds</c> bit, lowest first.</summary>
    private static readonly string[] s_kindNames = { "XDP", "TC", "socket filter", "cgroup skb", "cgroup sockaddr", "sockops", "sk_lookup" };

    /// <summary>The name of the lowest program-type bit of <paramref name="kinds"/>, as diagnostics say it.</summary>
    public static string KindName(int kinds)
    {
        for (int i = 0; i < s_kindNames.Length; i++)
            if ((kinds & (1 << i)) != 0) return s_kindNames[i];
        return "?";
    }

    /// <summary>
    /// The program type a program attribute declares (<c>[BpfProgramType]</c> on its class), with the
    /// section its hook argument's <c>[BpfAttachPoint]</c> names; null for any other attribute.
    /// </summary>
    public static ProgramKind? ProgramType(AttributeData attribute)
    {
        if (attribute.AttributeClass is not { } cls || Fact(cls, "BpfProgramTypeAttribute") is not { } t) return null;
        if (Arg(t, 0) is not int flag || Arg(t, 2) is not ITypeSymbol context || Arg(t, 3) is not ITypeSymbol result) return null;
        string? section = null;
        foreach (var na in t.NamedArguments)
            if (na.Key == "Section" && na.Value.Value is string s) section = s;
        if (section == null && attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0] is { Type: INamedTypeSymbol { TypeKind: TypeKind.Enum } hooks, Value: { } value })
            section = AttachPoint(hooks, value)?.Section;
        string name = cls.Name.EndsWith("Attribute", System.StringComparison.Ordinal) ? cls.Name.Substring(0, cls.Name.Length - "Attribute".Length) : cls.Name;
        return new ProgramKind(name, flag, section, context, result);
    }

    /// <summary>The <c>[BpfAttachPoint]</c> of the hook enum member with value <paramref name="value"/>: its section and attach type.</summary>
    public static (string Section, int AttachType)? AttachPoint(INamedTypeSymbol hooks, object value)
    {
        foreach (var f in hooks.GetMembers().OfType<IFieldSymbol>())
            if (f.HasConstantValue && Equals(f.ConstantValue, value) && Fact(f, "BpfAttachPointAttribute") is { } a && Arg(a, 0) is string s && Arg(a, 1) is int at)
                return (s, at);
        return null;
    }

    private static AttributeData? Fact(ISymbol s, string name)
    {
        foreach (var a in s.OriginalDefinition.GetAttributes())
            if (a.AttributeClass is { } c && c.Name == name && c.ContainingNamespace?.ToDisplayString() == "CodeFirstBpf") return a;
        return null;
    }

    private static int Named(AttributeData a, string name, int fallback)
    {
        foreach (var na in a.NamedArguments)
            if (na.Key == name && na.Value.Value is int v) return v;
        return fallback;
    }

    private static object? Arg(AttributeData? a, int i) => a != null && a.ConstructorArguments.Length > i ? a.ConstructorArguments[i].Value : null;

    /// <summary>The kernel helper a method lowers to, or null.</summary>
    public static int? HelperId(IMethodSymbol m)
        => Arg(Fact(m, "BpfHelperAttribute"), 0) is int id ? id : null;

    /// <summary>Whether the helper a method lowers to may move the packet (<c>[BpfHelper(ChangesPacketData = true)]</c>).</summary>
    public static bool ChangesPacketData(IMethodSymbol m)
        => Fact(m, "BpfHelperAttribute")?.NamedArguments.Any(na => na.Key == "ChangesPacketData" && na.Value.Value is true) ?? false;

    /// <summary>The kernel map type and whether keys are indices, or null for a type that is not a map class.</summary>
    public static (int Type, bool IndexKey)? MapKind(ITypeSymbol t)
    {
        var a = Fact(t, "BpfMapKindAttribute");
        if (Arg(a, 0) is not int kind) return null;
        bool index = a!.NamedArguments.Any(na => na.Key == "IndexKey" && na.Value.Value is true);
        return (kind, index);
    }

    /// <summary>Whether the kernel takes maps of this class as inner maps (<c>[BpfMapKind(InnerMap = true)]</c>).</summary>
    public static bool IsInnerMapKind(ITypeSymbol t)
        => Fact(t, "BpfMapKindAttribute")?.NamedArguments.Any(na => na.Key == "InnerMap" && na.Value.Value is true) ?? false;

    /// <summary>The <c>MapFlags</c> a map class may be created with (its <c>[BpfMapKind(Flags = …)]</c>).</summary>
    public static uint MapFlagsAllowed(ITypeSymbol t)
    {
        foreach (var na in Fact(t, "BpfMapKindAttribute")?.NamedArguments ?? default)
            if (na.Key == "Flags" && na.Value.Value is uint flags) return flags;
        return 0;
    }

    /// <summary>The kernel struct behind a context type: name, size, program types; null for other types.</summary>
    public static (string Struct, int Size, int Programs)? Context(ITypeSymbol t)
    {
        var a = Fact(t, "BpfContextAttribute");
        return Arg(a, 0) is string s && Arg(a, 1) is int size && Arg(a, 2) is int programs ? (s, size, programs) : null;
    }

    /// <summary>The context field a property reads: kernel name, byte offset, 32-bit words; null for other properties.</summary>
    public static (string Name, int Offset, int Count)? ContextField(IPropertySymbol p)
    {
        var a = Fact(p, "BpfContextFieldAttribute");
        return Arg(a, 0) is string n && Arg(a, 1) is int off ? (n, off, Named(a!, "Count", 1)) : null;
    }

    /// <summary>Every field of a context's kernel struct that the API exposes, by offset.</summary>
    public static IReadOnlyList<(string Name, int Offset, int Count)> ContextFields(ITypeSymbol context)
        => context.GetMembers().OfType<IPropertySymbol>().Select(ContextField).Where(f => f.HasValue).Select(f => f!.Value)
            .OrderBy(f => f.Offset).ToList();

    /// <summary>
    /// The program types that may use a member: a helper's list, a context field's (or its
    /// context's) types; every type for anything the facts do not restrict.
    /// </summary>
    public static int AllowedIn(ISymbol member)
    {
        int owner = member.ContainingType is { } t && Context(t) is { } declaredOn ? declaredOn.Programs : All;
        if (member is IMethodSymbol m && Fact(m, "BpfHelperAttribute") is { } h) return Named(h, "Programs", All) & owner;
        if (member is IPropertySymbol p && Fact(p, "BpfContextFieldAttribute") is { } f)
        {
            int field = Named(f, "Programs", All);
            return Context(p.ContainingType) is { } c ? field & c.Programs : field;
        }
        return owner;
    }
}
