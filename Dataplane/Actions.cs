namespace CodeFirstBpf;

/// <summary>The verdict of an XDP program (<c>enum xdp_action</c>).</summary>
public enum XdpAction
{
    /// <summary>Drop and raise the <c>xdp:xdp_exception</c> tracepoint.</summary>
    Aborted = 0,
    /// <summary>Drop the frame.</summary>
    Drop = 1,
    /// <summary>Pass the frame to the network stack.</summary>
    Pass = 2,
    /// <summary>Send the frame back out of the interface it arrived on.</summary>
    Tx = 3,
    /// <summary>Redirect the frame (after a redirect helper).</summary>
    Redirect = 4,
}

/// <summary>The verdict of a TC program (<c>TC_ACT_*</c>).</summary>
public enum TcAction
{
    /// <summary>Use the default action configured for the filter.</summary>
    Unspec = -1,
    /// <summary>Accept the packet.</summary>
    Ok = 0,
    /// <summary>Restart classification.</summary>
    Reclassify = 1,
    /// <summary>Drop the packet.</summary>
    Shot = 2,
    /// <summary>Continue with the next action.</summary>
    Pipe = 3,
    /// <summary>Consume the packet.</summary>
    Stolen = 4,
    /// <summary>Queued.</summary>
    Queued = 5,
    /// <summary>Repeat.</summary>
    Repeat = 6,
    /// <summary>Redirect (after a redirect helper).</summary>
    Redirect = 7,
}

/// <summary>Flags of a map update (<c>BPF_ANY</c>, <c>BPF_NOEXIST</c>, <c>BPF_EXIST</c>).</summary>
public enum MapUpdate : ulong
{
    /// <summary>Create or replace.</summary>
    Any = 0,
    /// <summary>Create only; fail when the key exists.</summary>
    NoExist = 1,
    /// <summary>Replace only; fail when the key is absent.</summary>
    Exist = 2,
}
