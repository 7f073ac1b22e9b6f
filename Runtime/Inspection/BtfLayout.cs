using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>One leaf of a key or value: its dotted path (<c>Nat.Port</c>), byte offset and size, and how to print it.</summary>
/// <param name="Name">The field path from the struct's BTF member names; the type name for a scalar key or value.</param>
/// <param name="Offset">Byte offset in the key or value.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Kind">How the bytes read.</param>
public sealed record BtfField(string Name, int Offset, int Size, BtfFieldKind Kind);

/// <summary>How a <see cref="BtfField"/>'s bytes are printed.</summary>
public enum BtfFieldKind
{
    /// <summary>Unsigned integer, decimal.</summary>
    Unsigned,
    /// <summary>Signed integer, decimal.</summary>
    Signed,
    /// <summary>bool.</summary>
    Boolean,
    /// <summary>Bytes (arrays of u8, undescribed types), hex.</summary>
    Bytes,
}

/// <summary>
/// The layout of a map's key and value read from the kernel's BTF (what <c>bpftool map dump</c>
/// uses to print field names): nested structs and unions are flattened into dotted leaves, byte
/// arrays print as hex. Without BTF a key or value is one <see cref="BtfFieldKind.Bytes"/> field.
/// </summary>
public sealed unsafe class BtfLayout
{
    private const uint KindInt = 1, KindArray = 3, KindStruct = 4, KindUnion = 5, KindEnum = 6, KindTypedef = 8,
        KindVolatile = 9, KindConst = 10, KindRestrict = 11, KindTypeTag = 18, KindEnum64 = 19;
    private const int MaxDepth = 8;

    private BtfLayout(IReadOnlyList<BtfField> key, IReadOnlyList<BtfField> value, bool described)
    {
        Key = key;
        Value = value;
        IsDescribed = described;
    }

    /// <summary>The key's leaves.</summary>
    public IReadOnlyList<BtfField> Key { get; }

    /// <summary>The value's leaves (one CPU's value for per-CPU maps).</summary>
    public IReadOnlyList<BtfField> Value { get; }

    /// <summary>Whether the key is one integer (not a struct): printed as a bare number.</summary>
    public bool KeyIsScalar => Key.Count == 1 && Key[0].Kind != BtfFieldKind.Bytes && Key[0].Offset == 0 && !Key[0].Name.Contains('.') && IsDescribed && _scalarKey;

    /// <summary>Whether the value is one integer (not a struct): printed as a bare number.</summary>
    public bool ValueIsScalar => Value.Count == 1 && Value[0].Kind != BtfFieldKind.Bytes && IsDescribed && _scalarValue;

    private bool _scalarKey, _scalarValue;

    /// <summary>Whether the kernel had BTF for the map (false: both are raw bytes).</summary>
    public bool IsDescribed { get; }

    /// <summary>Reads the layout of <paramref name="map"/>'s key and value from the kernel.</summary>
    public static BtfLayout For(BpfMapHandle map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var rawKey = new[] { new BtfField("key", 0, (int)map.KeySize, BtfFieldKind.Bytes) };
        var rawValue = new[] { new BtfField("value", 0, (int)map.ValueSize, BtfFieldKind.Bytes) };
        if (map.BtfId == 0 || map.BtfValueTypeId == 0) return new BtfLayout(rawKey, rawValue, described: false);
        nint btf = LibBpf.btf__load_from_kernel_by_id(map.BtfId);
        if (btf == 0) return new BtfLayout(rawKey, rawValue, described: false);
        try
        {
            var key = new List<BtfField>();
            if (map.BtfKeyTypeId != 0) Flatten(btf, map.BtfKeyTypeId, "", 0, key, 0);
            var value = new List<BtfField>();
            Flatten(btf, map.BtfValueTypeId, "", 0, value, 0);
            return new BtfLayout(key.Count > 0 ? key : rawKey, value.Count > 0 ? value : rawValue, described: true)
            {
                _scalarKey = IsScalar(btf, map.BtfKeyTypeId),
                _scalarValue = IsScalar(btf, map.BtfValueTypeId),
            };
        }
        finally
        {
            LibBpf.btf__free(btf);
        }
    }

    /// <summary>The text of <paramref name="field"/> in <paramref name="bytes"/>: decimal integers, hex bytes.</summary>
    public static string Format(BtfField field, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Offset + field.Size > bytes.Length) return "";
        var b = bytes.Slice(field.Offset, field.Size);
        return field.Kind switch
        {
            BtfFieldKind.Boolean => b[0] != 0 ? "true" : "false",
            BtfFieldKind.Unsigned when field.Size is 1 or 2 or 4 or 8 => Unsigned(b).ToString(CultureInfo.InvariantCulture),
            BtfFieldKind.Signed when field.Size is 1 or 2 or 4 or 8 => Signed(b).ToString(CultureInfo.InvariantCulture),
            _ => Convert.ToHexString(b).ToLowerInvariant(),
        };
    }

    private static ulong Unsigned(ReadOnlySpan<byte> b) => b.Length switch
    {
        1 => b[0],
        2 => BinaryPrimitives.ReadUInt16LittleEndian(b),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(b),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(b),
    };

    private static long Signed(ReadOnlySpan<byte> b) => b.Length switch
    {
        1 => (sbyte)b[0],
        2 => BinaryPrimitives.ReadInt16LittleEndian(b),
        4 => BinaryPrimitives.ReadInt32LittleEndian(b),
        _ => BinaryPrimitives.ReadInt64LittleEndian(b),
    };

    private static void Flatten(nint btf, uint id, string path, int offset, List<BtfField> into, int depth)
    {
        BtfType* t = Resolve(btf, id);
        if (t == null || depth > MaxDepth) return;
        string Named(string leaf) => path.Length == 0 ? leaf : path;
        switch (t->Kind)
        {
            case KindInt:
            {
                uint encoding = *(uint*)(t + 1);
                int size = (int)t->SizeOrType;
                var kind = (encoding >> 24 & 4) != 0 ? BtfFieldKind.Boolean : (encoding >> 24 & 1) != 0 ? BtfFieldKind.Signed : BtfFieldKind.Unsigned;
                into.Add(new BtfField(Named(Name(btf, t->NameOffset)), offset, size, kind));
                return;
            }
            case KindEnum or KindEnum64:
                into.Add(new BtfField(Named(Name(btf, t->NameOffset)), offset, (int)t->SizeOrType, BtfFieldKind.Unsigned));
                return;
            case KindArray:
            {
                uint* a = (uint*)(t + 1); // type, index_type, nelems
                BtfType* element = Resolve(btf, a[0]);
                int elementSize = Size(btf, a[0]);
                if (element != null && element->Kind == KindInt && elementSize == 1)
                {
                    into.Add(new BtfField(Named("bytes"), offset, (int)a[2], BtfFieldKind.Bytes));
                    return;
                }
                for (int i = 0; i < a[2] && into.Count < 256; i++)
                    Flatten(btf, a[0], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", offset + i * elementSize, into, depth + 1);
                return;
            }
            case KindStruct or KindUnion:
            {
                bool bitfields = (t->Info & 0x80000000) != 0;
                uint* m = (uint*)(t + 1); // name_off, type, offset: three words per member
                for (int i = 0; i < t->Vlen; i++, m += 3)
                {
                    uint bits = bitfields ? m[2] & 0xFFFFFF : m[2];
                    string member = Name(btf, m[0]);
                    string child = member.Length == 0 ? path : path.Length == 0 ? member : path + "." + member;
                    Flatten(btf, m[1], child, offset + (int)(bits / 8), into, depth + 1);
                }
                return;
            }
            default:
                into.Add(new BtfField(Named("bytes"), offset, Size(btf, id), BtfFieldKind.Bytes));
                return;
        }
    }

    private static bool IsScalar(nint btf, uint id) => id != 0 && Resolve(btf, id) is var t && t != null && t->Kind is KindInt or KindEnum or KindEnum64;

    private static BtfType* Resolve(nint btf, uint id)
    {
        for (int i = 0; i < 32; i++)
        {
            BtfType* t = LibBpf.btf__type_by_id(btf, id);
            if (t == null || t->Kind is not (KindTypedef or KindVolatile or KindConst or KindRestrict or KindTypeTag)) return t;
            id = t->SizeOrType;
        }
        return null;
    }

    private static int Size(nint btf, uint id)
    {
        BtfType* t = Resolve(btf, id);
        if (t == null) return 0;
        if (t->Kind == KindArray)
        {
            uint* a = (uint*)(t + 1);
            return (int)a[2] * Size(btf, a[0]);
        }
        return (int)t->SizeOrType;
    }

    private static string Name(nint btf, uint offset) => Marshal.PtrToStringUTF8((nint)LibBpf.btf__name_by_offset(btf, offset)) ?? "";
}
