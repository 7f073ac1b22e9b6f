using System;
using System.Buffers.Binary;

namespace CodeFirstBpf;

/// <summary>Host/network byte-order conversions; constant arguments fold at compile time.</summary>
public static class ByteOrder
{
    /// <summary>Host to network order, 16 bits.</summary>
    public static ushort Htons(ushort value) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;
    /// <summary>Network to host order, 16 bits.</summary>
    public static ushort Ntohs(ushort value) => Htons(value);
    /// <summary>Host to network order, 32 bits.</summary>
    public static uint Htonl(uint value) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;
    /// <summary>Network to host order, 32 bits.</summary>
    public static uint Ntohl(uint value) => Htonl(value);
}
