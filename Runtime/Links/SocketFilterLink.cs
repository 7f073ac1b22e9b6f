using System;
using System.Net.Sockets;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// A socket filter attached to a socket. <see cref="Dispose"/> detaches it (<c>SO_DETACH_BPF</c>);
/// the filter also goes with the socket, so nothing outlives the process.
/// </summary>
public sealed class SocketFilterLink : IDisposable
{
    private readonly Socket _socket;

    internal SocketFilterLink(Socket socket, SocketFilterProgram program)
    {
        _socket = socket;
        ProgramName = program.Name;
        ProgramId = program.Id;
    }

    /// <summary>The attached program's ELF name.</summary>
    public string ProgramName { get; }

    /// <summary>The attached program's kernel id.</summary>
    public uint ProgramId { get; }

    /// <summary>False once the link has been disposed.</summary>
    public bool IsAttached { get; private set; } = true;

    /// <summary>Detaches the filter from the socket. Calling it again, or after the socket closed, does nothing.</summary>
    public void Dispose()
    {
        if (!IsAttached) return;
        IsAttached = false;
        try
        {
            _socket.SetRawSocketOption(BpfConstants.SolSocket, BpfConstants.SoDetachBpf, BitConverter.GetBytes(0));
        }
        catch (ObjectDisposedException)
        {
            // The socket is closed, and its filter went with it.
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"socket filter '{ProgramName}'{(IsAttached ? "" : " (detached)")}";
}
