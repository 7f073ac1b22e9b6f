using System;
using System.Net.Sockets;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// <c>BPF_MAP_TYPE_SOCKHASH</c> (kernel 4.18): sockets by key, for socket-lookup programs to assign.
/// The kernel takes TCP sockets that listen or are connected, and UDP sockets; it holds its own
/// reference to each, and drops it when the entry is removed or the socket closes.
/// </summary>
/// <typeparam name="TKey">The key type the map was declared with.</typeparam>
public sealed unsafe class SockHash<TKey> : BpfTypedMap where TKey : unmanaged
{
    /// <summary>Opens the socket hash <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, another map type, or another key size.</exception>
    public SockHash(BpfObject obj, string name) : this(MapOf(obj, name)) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    /// <exception cref="BpfException">Another map type, or another key size.</exception>
    public SockHash(BpfMapHandle handle)
        : base(handle, $"SockHash<{typeof(TKey).Name}>", SizeOf<TKey>(), typeof(TKey).Name, sizeof(uint), "a socket descriptor (uint)", BpfMapType.SockHash) { }

    /// <summary>The keys that hold a socket (userspace cannot read the sockets back: their values are descriptors going in only).</summary>
    public BpfMapKeys<TKey> Keys => new(Handle);

    /// <summary>How many keys hold a socket (a walk over the keys).</summary>
    public int Count => KeyedMapOperations.Count<TKey>(Handle);

    /// <summary>Puts <paramref name="socket"/> at <paramref name="key"/>, replacing any socket there (the map holds its own reference to the socket).</summary>
    /// <exception cref="BpfException">The kernel refused: a TCP socket that neither listens nor is connected, or the map is full.</exception>
    public void Set(in TKey key, Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        TKey k = key;
        uint fd = checked((uint)socket.Handle.ToInt64());
        int error = Handle.Update(&k, &fd, MapUpdate.Any);
        if (error < 0)
            throw BpfErrors.FromErrno(error, $"Putting a {socket.ProtocolType} socket at key {key} of socket hash '{Name}'");
    }

    /// <summary>Removes the socket at <paramref name="key"/> from the map (the socket itself stays open).</summary>
    /// <returns>False when the key held no socket.</returns>
    public bool Remove(in TKey key) => KeyedMapOperations.Remove(Handle, key);
}
