using System;
using System.Net.Sockets;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// <c>BPF_MAP_TYPE_SOCKMAP</c>: sockets at <c>uint</c> indices, for socket-lookup programs to assign.
/// The kernel takes TCP sockets that listen or are connected, and UDP sockets.
/// </summary>
public sealed class SockMap : BpfIndexMapBase
{
    /// <summary>Opens the socket map <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, or another map type.</exception>
    public SockMap(BpfObject obj, string name) : this(MapOf(obj, name)) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    public SockMap(BpfMapHandle handle) : base(handle, "SockMap", BpfMapType.SockMap) { }

    /// <summary>Puts <paramref name="socket"/> at <paramref name="index"/> (the map holds its own reference to the socket).</summary>
    /// <exception cref="BpfException">The kernel refused, e.g. a TCP socket that neither listens nor is connected.</exception>
    public void Set(uint index, Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Store(index, checked((uint)socket.Handle.ToInt64()), $"Putting a {socket.ProtocolType} socket at index {index} of socket map '{Name}'");
    }
}
