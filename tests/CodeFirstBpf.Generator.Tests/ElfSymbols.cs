using System.Buffers.Binary;
using System.Text;

namespace CodeFirstBpf.Generator.Tests;

/// <summary>Reads the function symbols of a 64-bit little-endian ELF object (what <c>readelf -s</c> lists as FUNC).</summary>
internal static class ElfSymbols
{
    private const int SymbolTable = 2, FunctionType = 2, SymbolSize = 24;

    public static IReadOnlyList<string> Functions(byte[] elf)
    {
        ReadOnlySpan<byte> e = elf;
        long sectionHeaders = BinaryPrimitives.ReadInt64LittleEndian(e[0x28..]);
        int headerSize = BinaryPrimitives.ReadUInt16LittleEndian(e[0x3A..]), count = BinaryPrimitives.ReadUInt16LittleEndian(e[0x3C..]);
        var names = new List<string>();
        for (int i = 0; i < count; i++)
        {
            var sh = e.Slice((int)sectionHeaders + i * headerSize, headerSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(sh[4..]) != SymbolTable) continue;
            long offset = BinaryPrimitives.ReadInt64LittleEndian(sh[0x18..]), size = BinaryPrimitives.ReadInt64LittleEndian(sh[0x20..]);
            int link = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x28..]);
            long strings = BinaryPrimitives.ReadInt64LittleEndian(e.Slice((int)sectionHeaders + link * headerSize + 0x18));
            for (long s = offset; s + SymbolSize <= offset + size; s += SymbolSize)
            {
                var sym = e.Slice((int)s, SymbolSize);
                if ((sym[4] & 0xF) != FunctionType) continue;
                int name = (int)(strings + BinaryPrimitives.ReadUInt32LittleEndian(sym));
                int end = e[name..].IndexOf((byte)0);
                names.Add(Encoding.ASCII.GetString(e.Slice(name, end)));
            }
        }
        return names;
    }
}
