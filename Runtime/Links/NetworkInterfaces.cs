using System;
using System.Runtime.InteropServices;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>Interface name ⇄ index, with the runtime's error for a missing interface.</summary>
internal static unsafe class NetworkInterfaces
{
    private const int NameSize = 16; // IFNAMSIZ

    internal static int IndexOf(string interfaceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        uint index = interfaceName.Length < NameSize ? LibC.if_nametoindex(interfaceName) : 0;
        if (index == 0)
            throw new BpfException($"Network interface '{interfaceName}' does not exist: check the name with 'ip link show'.", Errno.ENODEV);
        return (int)index;
    }

    internal static string NameOf(int interfaceIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(interfaceIndex);
        byte* name = stackalloc byte[NameSize];
        if (LibC.if_indextoname((uint)interfaceIndex, name) == null)
            throw new BpfException($"No network interface has index {interfaceIndex}: check the index with 'ip link show'.", Errno.ENODEV);
        return Marshal.PtrToStringUTF8((nint)name) ?? interfaceIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
