using System.Runtime.InteropServices;

namespace CodeFirstBpf;

/// <summary>
/// The key of an <see cref="LpmTrieMap{TData, TValue}"/>: a prefix length in bits and the data,
/// in network order (<c>struct bpf_lpm_trie_key</c>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct LpmKey<TData> where TData : unmanaged
{
    /// <summary>Significant leading bits of <see cref="Data"/> (a lookup passes the full width).</summary>
    public uint PrefixLength;
    /// <summary>The address or other data, network order.</summary>
    public TData Data;
}
