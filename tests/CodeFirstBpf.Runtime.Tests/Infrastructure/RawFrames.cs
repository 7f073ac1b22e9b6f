using System;
using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace CodeFirstBpf.Runtime.Tests.Infrastructure;

/// <summary>Sends Ethernet frames out of an interface through an AF_PACKET raw socket.</summary>
internal static unsafe partial class RawFrames
{
    internal const ushort TestEtherType = 0x88B5;

    private const int AfPacket = 17;
    private const int SockRaw = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct SockaddrLl
    {
        public ushort Family;
        public ushort Protocol;
        public int InterfaceIndex;
        public ushort HardwareType;
        public byte PacketType;
        public byte AddressLength;
        public fixed byte Address[8];
    }

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial nint sendto(int fd, byte* buffer, nuint length, int flags, SockaddrLl* address, int addressLength);

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc.so.6", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial uint if_nametoindex(string name);

    /// <summary>A broadcast frame with the test EtherType and a payload.</summary>
    internal static byte[] TestFrame(int payloadLength = 46)
    {
        byte[] frame = new byte[14 + payloadLength];
        frame.AsSpan(0, 6).Fill(0xff);
        byte[] source = [0x02, 0xcf, 0xb0, 0x00, 0x00, 0x01];
        source.CopyTo(frame.AsSpan(6));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), TestEtherType);
        return frame;
    }

    internal static void Send(string interfaceName, byte[] frame, int count)
    {
        int fd = socket(AfPacket, SockRaw, 0);
        if (fd < 0)
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "socket(AF_PACKET)");
        try
        {
            var address = new SockaddrLl
            {
                Family = AfPacket,
                Protocol = BinaryPrimitives.ReverseEndianness(TestEtherType),
                InterfaceIndex = (int)if_nametoindex(interfaceName),
                AddressLength = 6,
            };
            for (int i = 0; i < 6; i++)
                address.Address[i] = frame[i];
            fixed (byte* data = frame)
            {
                for (int i = 0; i < count; i++)
                {
                    if (sendto(fd, data, (nuint)frame.Length, 0, &address, sizeof(SockaddrLl)) < 0)
                        throw new Win32Exception(Marshal.GetLastPInvokeError(), $"sendto({interfaceName})");
                }
            }
        }
        finally
        {
            close(fd);
        }
    }
}
