using System.Buffers.Binary;
using System.Text;

namespace CodeFirstBpf.Generator.Tests;

/// <summary>One BPF instruction slot as the object holds it (a 64-bit immediate load takes two).</summary>
internal readonly record struct BpfInsn(byte Opcode, int Dst, int Src, short Offset, int Imm)
{
    /// <summary>BPF_LDX | BPF_MEM | BPF_W: a 32-bit load, <c>rD = *(u32 *)(rS + off)</c>.</summary>
    public bool IsLoadWord => Opcode == 0x61;

    /// <summary>A 64-bit conditional jump comparing two registers (<c>if rD op rS goto</c>) with an unsigned order: &gt;, &gt;=, &lt;, &lt;=.</summary>
    public bool IsUnsignedRegisterCompare => Opcode is 0x2d or 0x3d or 0xad or 0xbd;

    /// <summary>An unsigned division or remainder by a register, 32- or 64-bit.</summary>
    public bool IsDivideByRegister => Opcode is 0x3c or 0x3f or 0x9c or 0x9f;
}

/// <summary>Reads the instructions of one section of a 64-bit little-endian BPF ELF object.</summary>
internal static class ElfCode
{
    public static IReadOnlyList<BpfInsn> Section(byte[] elf, string name)
    {
        ReadOnlySpan<byte> e = elf;
        long sectionHeaders = BinaryPrimitives.ReadInt64LittleEndian(e[0x28..]);
        int headerSize = BinaryPrimitives.ReadUInt16LittleEndian(e[0x3A..]), count = BinaryPrimitives.ReadUInt16LittleEndian(e[0x3C..]);
        int namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(e[0x3E..]);
        long names = BinaryPrimitives.ReadInt64LittleEndian(e.Slice((int)sectionHeaders + namesIndex * headerSize + 0x18));
        for (int i = 0; i < count; i++)
        {
            var sh = e.Slice((int)sectionHeaders + i * headerSize, headerSize);
            int at = (int)(names + BinaryPrimitives.ReadUInt32LittleEndian(sh));
            string sectionName = Encoding.ASCII.GetString(e.Slice(at, e[at..].IndexOf((byte)0)));
            if (sectionName != name) continue;
            long offset = BinaryPrimitives.ReadInt64LittleEndian(sh[0x18..]), size = BinaryPrimitives.ReadInt64LittleEndian(sh[0x20..]);
            var code = new List<BpfInsn>();
            for (long p = offset; p + 8 <= offset + size; p += 8)
            {
                var insn = e.Slice((int)p, 8);
                code.Add(new BpfInsn(insn[0], insn[1] & 0xF, insn[1] >> 4, BinaryPrimitives.ReadInt16LittleEndian(insn[2..]), BinaryPrimitives.ReadInt32LittleEndian(insn[4..])));
            }
            return code;
        }
        throw new InvalidOperationException("no section " + name);
    }
}
