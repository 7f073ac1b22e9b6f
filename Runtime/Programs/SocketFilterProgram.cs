using System;
using System.Net.Sockets;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>A socket filter (<c>BPF_PROG_TYPE_SOCKET_FILTER</c>, kernel 3.19): decides how much of each packet a socket keeps.</summary>
public sealed class SocketFilterProgram : BpfProgram
{
    internal SocketFilterProgram(string name, string sectionName, uint programType, BpfFdHandle handle, string verifierLog)
        : base(name, sectionName, programType, handle, verifierLog) { }

    /// <summary>
    /// Runs the program over <paramref name="packet"/> in the kernel (<c>BPF_PROG_TEST_RUN</c>). The
    /// kernel strips the Ethernet header, so the program sees the packet from the IP header on.
    /// </summary>
    /// <param name="packet">A whole Ethernet frame, at least 14 bytes.</param>
    /// <param name="repeat">How many times to run; <see cref="SocketFilterTestRunResult.Duration"/> is the average.</param>
    /// <exception cref="BpfException">The kernel refused the test run.</exception>
    public SocketFilterTestRunResult TestRun(ReadOnlySpan<byte> packet, int repeat = 1)
    {
        TestRunner.Outcome outcome = TestRunner.Run(this, packet, repeat);
        return new SocketFilterTestRunResult(outcome.ReturnValue, outcome.Duration) { DurationNanoseconds = outcome.DurationNanoseconds };
    }

    /// <summary>
    /// Attaches the program to <paramref name="socket"/> (<c>SO_ATTACH_BPF</c>): from now on the
    /// socket keeps of each packet only as many bytes as the program returns, and none when it
    /// returns 0. Dispose the returned link to detach; closing the socket detaches too.
    /// </summary>
    /// <exception cref="BpfException">The socket is closed or the kernel refused.</exception>
    public SocketFilterLink AttachSocket(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        using Lease lease = Handle.Lease();
        try
        {
            socket.SetRawSocketOption(BpfConstants.SolSocket, BpfConstants.SoAttachBpf, BitConverter.GetBytes(lease.Fd));
        }
        catch (ObjectDisposedException)
        {
            throw new BpfException($"Cannot attach socket filter '{Name}': the socket is closed; attach it to an open socket.", Errno.EBADF);
        }
        catch (SocketException e)
        {
            throw BpfErrors.FromErrno(e.ErrorCode is > 0 and < 4096 ? e.ErrorCode : Errno.EINVAL, $"Attaching socket filter '{Name}' to a {socket.SocketType} socket");
        }
        return new SocketFilterLink(socket, this);
    }
}
