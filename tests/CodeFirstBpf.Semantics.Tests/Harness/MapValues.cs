using System.Reflection;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Semantics.Tests.Harness;

/// <summary>Reads, zeroes and prints map contents on both sides, for assertions and failure messages.</summary>
public static class MapValues
{
    /// <summary>The kernel's <c>ArrayMap&lt;ulong&gt;</c> <paramref name="name"/> as values by index, or null when absent.</summary>
    public static ulong[]? Kernel(BpfObject kernel, string name)
    {
        if (!kernel.TryGetMap(name, out var map) || map.ValueSize != 8 || map.KeySize != 4) return null;
        var values = new ulong[map.MaxEntries];
        foreach (var (key, value) in map.DumpRaw())
        {
            uint index = BitConverter.ToUInt32(key);
            if (index < values.Length) values[index] = BitConverter.ToUInt64(value);
        }
        return values;
    }

    /// <summary>The in-memory map field <paramref name="name"/> of the .NET program class, or null when absent.</summary>
    public static ulong[]? DotNet(Type programClass, string name)
    {
        var field = programClass.GetField(name, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic);
        if (field?.GetValue(null) is not BpfMap map) return null;
        var entries = map.RawEntries().Where(e => e.Key.Length == 4 && e.Value.Length == 8).ToList();
        if (entries.Count == 0) return null;
        var values = new ulong[map.MaxEntries];
        foreach (var (key, value) in entries)
        {
            uint index = BitConverter.ToUInt32(key);
            if (index < values.Length) values[index] = BitConverter.ToUInt64(value);
        }
        return values;
    }

    /// <summary>Zeroes every array map and empties every other (non-internal) map of <paramref name="kernel"/>.</summary>
    public static void ZeroKernel(BpfObject kernel)
    {
        foreach (var map in kernel.Maps)
        {
            // libbpf's .rodata/.bss/.data maps hold globals, which the .NET side does not reset either.
            if (map.Name.Contains('.')) continue;
            if (map.MapType == BpfMapType.Array)
            {
                var zeros = new byte[map.ValueSize];
                foreach (byte[] key in map.KeysRaw()) map.Update(key, zeros);
            }
            else if (map.MapType is BpfMapType.Hash or BpfMapType.LruHash)
            {
                foreach (byte[] key in map.KeysRaw().ToList()) map.Delete(key);
            }
        }
    }

    /// <summary>A key or value as a number when it is 4 or 8 bytes, else as hex.</summary>
    public static string Decode(byte[]? bytes) => bytes switch
    {
        null => "absent",
        { Length: 8 } => Number(BitConverter.ToUInt64(bytes)),
        { Length: 4 } => Number(BitConverter.ToUInt32(bytes)),
        _ => Convert.ToHexString(bytes),
    };

    private static string Number(ulong v) => v < 10 ? v.ToString() : $"0x{v:x} ({v}{((long)v < 0 ? $" = {(long)v}" : "")})";
}
