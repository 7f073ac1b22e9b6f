using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;

namespace CodeFirstBpf.Cli.Fleet;

/// <summary>
/// The <c>[Config]</c> fields of a program class (its <c>.rodata</c> globals) as the raw
/// little-endian bytes bpfman's <c>globalData</c> takes: the declared defaults, overridden by
/// <c>--config Name=Value</c>. Values are parsed as the field's C# type.
/// </summary>
internal static class ConfigValues
{
    public static SortedDictionary<string, byte[]> Of(Type programClass, IEnumerable<string> assignments)
    {
        var fields = programClass.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(f => f.GetCustomAttributesData().Any(a => a.AttributeType.FullName == "CodeFirstBpf.ConfigAttribute"))
            .ToDictionary(f => f.Name, StringComparer.Ordinal);
        var values = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (name, field) in fields)
            values[name] = Encode(field.FieldType, field.GetValue(null)!, name);
        foreach (string assignment in assignments)
        {
            int eq = assignment.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--config '{assignment}' is not Name=Value");
            string name = assignment[..eq];
            if (!fields.TryGetValue(name, out var field))
                throw new ArgumentException($"--config {name}: {programClass.Name} has no [Config] field '{name}' (it has {(fields.Count == 0 ? "none" : string.Join(", ", fields.Keys.Order(StringComparer.Ordinal)))})");
            values[name] = Parse(field.FieldType, assignment[(eq + 1)..], name);
        }
        return values;
    }

    private static byte[] Parse(Type type, string text, string name)
    {
        Type t = type.IsEnum ? Enum.GetUnderlyingType(type) : type;
        try
        {
            object value = type.IsEnum && !char.IsAsciiDigit(text.FirstOrDefault()) && !text.StartsWith('-')
                ? Convert.ChangeType(Enum.Parse(type, text), t, CultureInfo.InvariantCulture)
                : t == typeof(bool) ? bool.Parse(text)
                : text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? Convert.ChangeType(ulong.Parse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture), t, CultureInfo.InvariantCulture)
                : Convert.ChangeType(text, t, CultureInfo.InvariantCulture);
            return Encode(t, value, name);
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException or ArgumentException)
        {
            throw new ArgumentException($"--config {name}={text}: not a {type.Name} ({e.Message})");
        }
    }

    private static byte[] Encode(Type type, object value, string name)
    {
        Type t = type.IsEnum ? Enum.GetUnderlyingType(type) : type;
        object v = type.IsEnum ? Convert.ChangeType(value, t, CultureInfo.InvariantCulture) : value;
        // BPF objects here are little-endian (bpfel), as globalData must be.
        return v switch
        {
            bool b => [b ? (byte)1 : (byte)0],
            byte b => [b],
            sbyte b => [(byte)b],
            short s => BitConverter.GetBytes(s),
            ushort s => BitConverter.GetBytes(s),
            int i => BitConverter.GetBytes(i),
            uint i => BitConverter.GetBytes(i),
            long l => BitConverter.GetBytes(l),
            ulong l => BitConverter.GetBytes(l),
            _ => throw new ArgumentException($"[Config] field '{name}' is a {type.Name}; cfbpf manifest writes integers, bools and enums — edit globalData by hand for other types"),
        };
    }
}
