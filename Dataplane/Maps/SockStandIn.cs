using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace CodeFirstBpf;

/// <summary>
/// What the .NET stand-in of a kernel socket (behind a <see cref="BpfSock"/> pointer from
/// <see cref="SockMap"/> or <see cref="SockHash{TKey}"/>) knows: the facts <c>bpf_sk_assign</c>
/// checks. Stand-ins live as long as the process, as the kernel's sockets outlive a lookup.
/// </summary>
internal static unsafe class SockStandIn
{
    private const int AfInet = 2;

    [StructLayout(LayoutKind.Sequential)]
    private struct Facts
    {
        public uint Family;
        public uint Protocol;
        public byte Ipv6Only;
    }

    /// <summary>A new stand-in socket of <paramref name="family"/> and <paramref name="protocol"/>.</summary>
    public static BpfSock* Create(ProtocolType protocol, AddressFamily family, bool ipv6Only)
    {
        var facts = (Facts*)NativeMemory.AllocZeroed((nuint)sizeof(Facts));
        facts->Family = family == AddressFamily.InterNetworkV6 ? 10u : AfInet;
        facts->Protocol = (uint)protocol;
        facts->Ipv6Only = ipv6Only ? (byte)1 : (byte)0;
        return (BpfSock*)facts;
    }

    /// <summary>
    /// The error <c>bpf_sk_assign</c> returns for <paramref name="socket"/> in a lookup of
    /// <paramref name="family"/>/<paramref name="protocol"/> (0 when it fits): the kernel's protocol
    /// check, then its family check (an IPv6 socket takes IPv4 lookups unless it is IPv6-only).
    /// </summary>
    public static long Mismatch(BpfSock* socket, uint family, uint protocol)
    {
        var facts = (Facts*)socket;
        if ((ushort)facts->Protocol != (ushort)protocol) return -Errno.EPROTOTYPE;
        if (facts->Family != (ushort)family && (facts->Family == AfInet || facts->Ipv6Only != 0)) return -Errno.EAFNOSUPPORT;
        return 0;
    }
}
