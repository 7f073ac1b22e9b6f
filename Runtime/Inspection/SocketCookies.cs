using System;
using System.Net.Sockets;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// Socket cookies: the 64-bit number the kernel gives each socket for its lifetime (kernel 4.12),
/// which BPF programs see (<c>bpf_get_socket_cookie</c>) and sk_lookup test runs report
/// (<see cref="SkLookupTestRunResult.SocketCookie"/>).
/// </summary>
public static class SocketCookies
{
    /// <summary>The cookie of <paramref name="socket"/> (<c>getsockopt(SOL_SOCKET, SO_COOKIE)</c>, kernel 4.13).</summary>
    /// <exception cref="BpfException">The socket is closed, or the kernel has no socket cookies.</exception>
    public static ulong Get(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Span<byte> cookie = stackalloc byte[sizeof(ulong)];
        try
        {
            int length = socket.GetRawSocketOption(BpfConstants.SolSocket, BpfConstants.SoCookie, cookie);
            if (length != sizeof(ulong))
                throw new BpfException($"Reading the cookie of a {socket.ProtocolType} socket gave {length} bytes instead of 8; the kernel is older than 4.13.", Errno.EINVAL);
        }
        catch (ObjectDisposedException)
        {
            throw new BpfException("Cannot read the cookie of a closed socket: read it while the socket is open.", Errno.EBADF);
        }
        catch (SocketException e)
        {
            throw BpfErrors.FromErrno(e.ErrorCode is > 0 and < 4096 ? e.ErrorCode : Errno.EINVAL, $"Reading the cookie of a {socket.ProtocolType} socket");
        }
        return BitConverter.ToUInt64(cookie);
    }
}
