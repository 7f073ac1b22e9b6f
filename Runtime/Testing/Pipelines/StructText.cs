using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CodeFirstBpf.Runtime;

/// <summary>Raw bytes of an unmanaged type shown and compared field by field (for difference reports).</summary>
internal static class StructText<T> where T : unmanaged
{
    private static readonly (string Name, int Offset, int Size, Type Type)[] s_fields = Fields();

    // Text for difference reports only: in a trimmed app whose fields were removed a value shows as hex.
    [UnconditionalSuppressMessage("Trimming", "IL2090", Justification = "Field names only label test reports; without them values print as hex.")]
    private static (string, int, int, Type)[] Fields()
    {
        if (typeof(T).IsPrimitive || typeof(T).IsEnum) return [];
        var fields = typeof(T).GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(f => (Name: Clean(f.Name), Offset: (int)Marshal.OffsetOf<T>(f.Name), f.FieldType))
            .OrderBy(f => f.Offset)
            .ToArray();
        var result = new (string, int, int, Type)[fields.Length];
        for (int i = 0; i < fields.Length; i++)
        {
            // A field's size: its primitive's, else up to the next field (or the end of the struct).
            int next = i + 1 < fields.Length ? fields[i + 1].Offset : Unsafe.SizeOf<T>();
            int size = PrimitiveSize(fields[i].FieldType) ?? next - fields[i].Offset;
            result[i] = (fields[i].Name, fields[i].Offset, Math.Max(0, Math.Min(size, Unsafe.SizeOf<T>() - fields[i].Offset)), fields[i].FieldType);
        }
        return result;
    }

    private static int? PrimitiveSize(Type t)
    {
        if (t.IsEnum) t = Enum.GetUnderlyingType(t);
        if (t == typeof(byte) || t == typeof(sbyte) || t == typeof(bool)) return 1;
        if (t == typeof(short) || t == typeof(ushort) || t == typeof(char)) return 2;
        if (t == typeof(int) || t == typeof(uint)) return 4;
        if (t == typeof(long) || t == typeof(ulong) || t == typeof(nint) || t == typeof(nuint)) return 8;
        return null;
    }

    // Auto-properties' backing fields show as the property; fixed buffers as their field.
    private static string Clean(string name) => name.StartsWith('<') && name.IndexOf('>') > 1 ? name[1..name.IndexOf('>')] : name;

    /// <summary><c>{A=1, B=2}</c>, or the value itself for an integer.</summary>
    public static string Format(byte[] bytes)
    {
        if (bytes.Length != Unsafe.SizeOf<T>()) return Convert.ToHexString(bytes);
        if (s_fields.Length == 0) return MemoryMarshal.Read<T>(bytes).ToString() ?? Convert.ToHexString(bytes);
        return "{" + string.Join(", ", s_fields.Select(f => f.Name + "=" + FieldText(bytes.AsSpan(f.Offset, f.Size), f.Type))) + "}";
    }

    private static string FieldText(ReadOnlySpan<byte> b, Type t)
    {
        if (t.IsEnum) t = Enum.GetUnderlyingType(t);
        return b.Length switch
        {
            1 when t == typeof(bool) => (b[0] != 0).ToString(),
            1 => b[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            2 => BitConverter.ToUInt16(b).ToString(System.Globalization.CultureInfo.InvariantCulture),
            4 => BitConverter.ToUInt32(b).ToString(System.Globalization.CultureInfo.InvariantCulture),
            8 => BitConverter.ToUInt64(b).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => Convert.ToHexString(b),
        };
    }

    /// <summary>The fields whose bytes differ (the whole value's name "value" for an integer).</summary>
    public static IReadOnlyList<string> Differing(byte[] a, byte[] b)
    {
        if (s_fields.Length == 0) return a.AsSpan().SequenceEqual(b) ? [] : ["value"];
        return s_fields.Where(f => !a.AsSpan(f.Offset, f.Size).SequenceEqual(b.AsSpan(f.Offset, f.Size))).Select(f => f.Name).ToList();
    }

    /// <summary>Zeroes the named field's bytes (an empty array only checks that the field exists).</summary>
    public static void Mask(byte[] bytes, string field)
    {
        foreach (var f in s_fields)
            if (f.Name == field)
            {
                if (bytes.Length >= f.Offset + f.Size) bytes.AsSpan(f.Offset, f.Size).Clear();
                return;
            }
        throw new ArgumentException($"{typeof(T).Name} has no field '{field}' (it has {string.Join(", ", s_fields.Select(f => f.Name))}).", nameof(field));
    }
}
