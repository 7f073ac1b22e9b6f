using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Cli.Input;

/// <summary>
/// Keys and values written by users: hex bytes (<c>0a000001</c>), a number for a scalar key or
/// value, or a JSON object of BTF field names (<c>{"Saddr": 167772161, "Port": 80}</c>); fields not
/// named are zero. The reverse of what <c>cfbpf map dump --json</c> prints.
/// </summary>
internal static class MapJson
{
    /// <summary>Bytes between two CPUs' values in a per-CPU lookup buffer: the value size rounded up to 8, as the kernel lays them out.</summary>
    public static int PerCpuStride(BpfMapHandle map) => (int)((map.ValueSize + 7) / 8 * 8);

    /// <summary>The buffer an update takes: <paramref name="value"/> itself, or for a per-CPU map the same value for every CPU.</summary>
    public static byte[] ForEveryCpu(BpfMapHandle map, byte[] value)
    {
        if (!map.IsPerCpu) return value;
        int stride = PerCpuStride(map);
        var all = new byte[map.ValueBufferSize];
        for (int cpu = 0; cpu * stride < all.Length; cpu++) value.CopyTo(all, cpu * stride);
        return all;
    }

    public static byte[] Encode(string text, IReadOnlyList<BtfField> fields, int size, string what)
    {
        text = text.Trim();
        if (text.StartsWith('{')) return Encode(JsonDocument.Parse(text).RootElement, fields, size, what);
        if (fields.Count == 1 && fields[0].Kind != BtfFieldKind.Bytes && ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            return Encode(JsonDocument.Parse(text).RootElement, fields, size, what);
        string hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        }
        catch (FormatException)
        {
            throw new ArgumentException($"the {what} '{text}' is neither hex bytes, a number, nor a JSON object of field names");
        }
        if (bytes.Length != size) throw new ArgumentException($"the {what} has {bytes.Length} bytes; this map's {what}s have {size}");
        return bytes;
    }

    public static byte[] Encode(JsonElement element, IReadOnlyList<BtfField> fields, int size, string what)
    {
        var bytes = new byte[size];
        if (element.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False && fields.Count == 1)
        {
            Write(bytes, fields[0], element);
            return bytes;
        }
        if (element.ValueKind == JsonValueKind.String) return Encode(element.GetString()!, fields, size, what);
        if (element.ValueKind != JsonValueKind.Object) throw new ArgumentException($"the {what} must be hex, a number or an object of field names");
        foreach (var property in element.EnumerateObject())
        {
            var field = fields.FirstOrDefault(f => f.Name == property.Name)
                ?? throw new ArgumentException($"the {what} has no field '{property.Name}'; its fields are {string.Join(", ", fields.Select(f => f.Name))}");
            Write(bytes, field, property.Value);
        }
        return bytes;
    }

    private static void Write(byte[] bytes, BtfField field, JsonElement v)
    {
        var span = bytes.AsSpan(field.Offset, field.Size);
        if (field.Kind == BtfFieldKind.Bytes || v.ValueKind == JsonValueKind.String)
        {
            byte[] raw = Convert.FromHexString(v.GetString() ?? "");
            if (raw.Length != field.Size) throw new ArgumentException($"field '{field.Name}' takes {field.Size} bytes of hex, not {raw.Length}");
            raw.CopyTo(span);
            return;
        }
        ulong value = v.ValueKind switch
        {
            JsonValueKind.True => 1,
            JsonValueKind.False => 0,
            _ when v.TryGetUInt64(out ulong u) => u,
            _ when v.TryGetInt64(out long l) => unchecked((ulong)l),
            _ => throw new ArgumentException($"field '{field.Name}' takes an integer, not {v}"),
        };
        if (field.Size < 8 && value >> (field.Size * 8) != 0 && field.Kind != BtfFieldKind.Signed)
            throw new ArgumentException($"{value} does not fit field '{field.Name}' ({field.Size} bytes)");
        switch (field.Size)
        {
            case 1: span[0] = (byte)value; break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)value); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)value); break;
            case 8: BinaryPrimitives.WriteUInt64LittleEndian(span, value); break;
            default: throw new ArgumentException($"field '{field.Name}' is {field.Size} bytes: give it as hex");
        }
    }
}
