using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CodeFirstBpf.Diagnostics;
using CodeFirstBpf.Generator.IR;
using Microsoft.CodeAnalysis;

namespace CodeFirstBpf.Generator.Frontend;

/// <summary>
/// User structs in BTF, described so the kernel keeps them: the kernel rejects all of an object's
/// BTF when a struct's members are not in offset order or a union member is not at offset 0
/// (libbpf then loads without it, silently). So members are emitted in offset order, fields that
/// overlap (<c>FieldOffset</c> unions) become an anonymous union, with an anonymous struct per
/// run of fields inside it that do not overlap one another; fixed buffers and <c>[InlineArray]</c>
/// structs are arrays; names are C identifiers (<c>Pair&lt;uint, byte&gt;</c> is <c>Pair_UInt32_Byte</c>).
/// A name C cannot spell is BPF0005, and is described with its invalid characters replaced.
/// </summary>
internal sealed partial class DebugInfo
{
    /// <summary>A field as BTF sees it: name (null for an anonymous union or struct), DI type, byte offset and size.</summary>
    private readonly struct Member
    {
        public Member(string? name, string type, int offset, int bytes)
        {
            Name = name;
            Type = type;
            Offset = offset;
            Bytes = bytes;
        }

        public string? Name { get; }
        public string Type { get; }
        public int Offset { get; }
        public int Bytes { get; }
        public int End => Offset + Bytes;
    }

    private static string Bits(int bytes) => (bytes * 8).ToString(CultureInfo.InvariantCulture);

    private string StructType(INamedTypeSymbol t)
    {
        var info = _layout.Struct(t);
        string self = Md.Reserve();
        _types[t] = self;
        int inlineLength = CLayout.InlineArrayLength(t);
        if (inlineLength > 0)
        {
            // [InlineArray(N)] struct { T e; } is T[N] in memory, and in C.
            var (element, bytes) = FieldType(info.Fields[0].Field);
            Md.Set(self, ArrayText(element, bytes * 8, inlineLength));
            return self;
        }
        // OrderBy is stable: fields at one offset keep their declaration order.
        var members = info.Fields.Select(f => { var (type, bytes) = FieldType(f.Field); return new Member(FieldName(f.Field), type, f.Offset, bytes); })
            .OrderBy(m => m.Offset).ToList();
        Md.Set(self, "distinct !DICompositeType(tag: DW_TAG_structure_type, name: " + MetadataTable.Quote(StructName(t)) + ", file: " + _firstFile
            + ", size: " + Bits(info.Layout.Size) + ", elements: " + Md.Tuple(Describe(members, self, 0)) + ")");
        return self;
    }

    /// <summary>The DI type of a field and its size in bytes; a fixed buffer is an array of its element type.</summary>
    private (string Type, int Bytes) FieldType(IFieldSymbol f)
    {
        if (f.IsFixedSizeBuffer && f.Type is IPointerTypeSymbol ep)
        {
            int elementBytes = _layout.Of(ep.PointedAtType).Size;
            return (ArrayOf(TypeOf(ep.PointedAtType), elementBytes * 8, f.FixedSize), elementBytes * f.FixedSize);
        }
        return (TypeOf(f.Type), _layout.Of(f.Type).Size);
    }

    /// <summary>
    /// The member nodes of <paramref name="sorted"/> (by offset) in a scope starting at
    /// <paramref name="baseOffset"/>: each run of fields that overlap one another is one union.
    /// </summary>
    private List<string> Describe(List<Member> sorted, string scope, int baseOffset)
    {
        var nodes = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int start = sorted[i].Offset, end = sorted[i].End, j = i + 1;
            for (; j < sorted.Count && sorted[j].Offset < end; j++)
                end = Math.Max(end, sorted[j].End);
            nodes.Add(j == i + 1
                ? MemberNode(sorted[i], scope, sorted[i].Offset - baseOffset)
                : UnionNode(sorted.GetRange(i, j - i), start, end, scope, baseOffset));
            i = j;
        }
        return nodes;
    }

    /// <summary>
    /// An anonymous union over bytes [start, end) of the enclosing scope. Its variants are lanes of
    /// fields that do not overlap: a lane of one field at the union's start is that field; any
    /// other lane is an anonymous struct holding its fields at their offsets.
    /// </summary>
    private string UnionNode(List<Member> overlapping, int start, int end, string scope, int baseOffset)
    {
        var lanes = new List<List<Member>>();
        foreach (var m in overlapping)
        {
            var lane = lanes.FirstOrDefault(l => l[l.Count - 1].End <= m.Offset);
            if (lane == null) lanes.Add(lane = new List<Member>());
            lane.Add(m);
        }
        string union = Md.Reserve();
        var variants = new List<string>();
        foreach (var lane in lanes)
        {
            if (lane.Count == 1 && lane[0].Offset == start)
            {
                variants.Add(MemberNode(lane[0], union, 0));
                continue;
            }
            string laneStruct = Md.Reserve();
            int laneBytes = lane[lane.Count - 1].End - start;
            Md.Set(laneStruct, "distinct !DICompositeType(tag: DW_TAG_structure_type, scope: " + union + ", file: " + _firstFile
                + ", size: " + Bits(laneBytes) + ", elements: " + Md.Tuple(Describe(lane, laneStruct, start)) + ")");
            variants.Add(MemberNode(new Member(null, laneStruct, start, laneBytes), union, 0));
        }
        Md.Set(union, "distinct !DICompositeType(tag: DW_TAG_union_type, scope: " + scope + ", file: " + _firstFile
            + ", size: " + Bits(end - start) + ", elements: " + Md.Tuple(variants) + ")");
        return MemberNode(new Member(null, union, start, end - start), scope, start - baseOffset);
    }

    private string MemberNode(Member m, string scope, int offset)
        => Md.Add("!DIDerivedType(tag: DW_TAG_member" + (m.Name != null ? ", name: " + MetadataTable.Quote(m.Name) : string.Empty) + ", scope: " + scope
            + ", file: " + _firstFile + ", baseType: " + m.Type + ", size: " + Bits(m.Bytes) + ", offset: " + Bits(offset) + ")");

    /// <summary>The field's name in BTF: an auto-property's backing field is named after the property.</summary>
    private string FieldName(IFieldSymbol f)
    {
        ISymbol named = f.IsImplicitlyDeclared && f.AssociatedSymbol != null ? f.AssociatedSymbol : f;
        return Identifier(named.Name, named, reportable: !named.IsImplicitlyDeclared, "field '" + named.Name + "' of '" + f.ContainingType.ToDisplayString() + "'");
    }

    /// <summary>A C name for a struct: generic arguments (and generic containing types) are spelled into it.</summary>
    private string StructName(INamedTypeSymbol t)
        => Identifier(CName(t), t, reportable: true, "struct '" + t.ToDisplayString() + "'");

    private static string CName(ITypeSymbol t)
    {
        switch (t)
        {
            case IPointerTypeSymbol p:
                return CName(p.PointedAtType) + "Ptr";
            case INamedTypeSymbol n:
                string name = n.ContainingType is { IsGenericType: true } outer ? CName(outer) + "_" + n.Name : n.Name;
                return n.TypeArguments.Length == 0 ? name : name + "_" + string.Join("_", n.TypeArguments.Select(CName));
            default:
                return t.Name;
        }
    }

    /// <summary>
    /// <paramref name="name"/> as a C identifier (the kernel rejects all BTF over one name that is
    /// not). A user's own identifier that needs changing is BPF0005: the BTF shows another name.
    /// </summary>
    private string Identifier(string name, ISymbol owner, bool reportable, string what)
    {
        string c = Sanitised(name);
        if (reportable && Sanitised(owner.Name) != owner.Name && _undescribable.Add(owner))
            _report(BpfDiagnostics.BtfUndescribable, owner.Locations.FirstOrDefault(l => l.IsInSource),
                new object[] { what, "BTF names are C identifiers (ASCII letters, digits and '_')", c });
        return c;
    }

    /// <summary>Every character a C identifier cannot hold replaced by '_'; a leading digit gets a '_' before it.</summary>
    private static string Sanitised(string name)
    {
        var sb = new StringBuilder(name.Length + 1);
        foreach (char c in name)
            sb.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' ? c : '_');
        if (sb.Length == 0 || sb[0] is >= '0' and <= '9') sb.Insert(0, '_');
        return sb.ToString();
    }

    private readonly HashSet<ISymbol> _undescribable = new(SymbolEqualityComparer.Default);
}
