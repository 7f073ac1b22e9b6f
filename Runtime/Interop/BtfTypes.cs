using System.Runtime.InteropServices;

namespace CodeFirstBpf.Runtime.Interop;

/// <summary><c>struct btf_type</c> (uapi/linux/btf.h): the 12-byte head of every BTF type.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BtfType
{
    internal const uint KindVar = 14;
    internal const uint KindDatasec = 15;

    public uint NameOffset;
    public uint Info;
    public uint SizeOrType;

    internal readonly uint Kind => (Info >> 24) & 0x1f;

    internal readonly int Vlen => (int)(Info & 0xffff);
}

/// <summary><c>struct btf_var_secinfo</c>: one variable of a DATASEC, following its <see cref="BtfType"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BtfVarSecinfo
{
    public uint Type;
    public uint Offset;
    public uint Size;
}
