using System.Collections.Generic;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// The clsact qdiscs this process created, with how many of its filters use each. A qdisc is
/// destroyed with its last filter, and only if this process created it: destroying a qdisc also
/// removes every filter on it, including other people's. Interfaces are told apart by network
/// namespace and index (two namespaces can each have an index 3); calls run in the interface's
/// namespace.
/// </summary>
internal static unsafe class ClsactQdiscs
{
    private static readonly Dictionary<(string Netns, int Index), (bool Created, int Filters)> s_users = [];

    internal static object Gate => s_users;

    /// <summary>Creates the qdisc if missing; call under <see cref="Gate"/>. Returns -errno or 0.</summary>
    internal static int Acquire(string netns, int interfaceIndex, uint attachPoint)
    {
        BpfTcHook hook = Hook(interfaceIndex, attachPoint);
        int error = LibBpf.bpf_tc_hook_create(&hook);
        if (error < 0 && error != -Errno.EEXIST)
            return error;
        s_users.TryGetValue((netns, interfaceIndex), out (bool Created, int Filters) entry);
        s_users[(netns, interfaceIndex)] = (entry.Created || error == 0, entry.Filters + 1);
        return 0;
    }

    /// <summary>Drops one filter's claim; destroys the qdisc with the last claim if this process made it.</summary>
    internal static void Release(string netns, int interfaceIndex)
    {
        if (!s_users.TryGetValue((netns, interfaceIndex), out (bool Created, int Filters) entry))
            return;
        if (entry.Filters > 1)
        {
            s_users[(netns, interfaceIndex)] = (entry.Created, entry.Filters - 1);
            return;
        }
        s_users.Remove((netns, interfaceIndex));
        if (entry.Created)
        {
            BpfTcHook hook = Hook(interfaceIndex, BpfConstants.TcIngress | BpfConstants.TcEgress);
            LibBpf.bpf_tc_hook_destroy(&hook);
        }
    }

    internal static BpfTcHook Hook(int interfaceIndex, uint attachPoint) => new()
    {
        Size = (nuint)sizeof(BpfTcHook),
        InterfaceIndex = interfaceIndex,
        AttachPoint = attachPoint,
    };
}
