namespace PodDataplane;

/// <summary>
/// The per-CPU counter slots: one per allow/drop reason, shared by the XDP prefilter and both TC
/// programs. The metrics exporter names each by its field name.
/// </summary>
public static class Reason
{
    public const uint NotIpv4 = 0, Malformed = 1, Fragment = 2, Untracked = 3, CtHit = 4, CtNew = 5, CtInvalid = 6,
        CtReset = 7, NotSyn = 8, NatDnat = 9, NatSnat = 10, NoBackend = 11, PolicyDeny = 12, PolicyAllow = 13,
        RouteMiss = 14, Redirected = 15, ToHost = 16, RewriteFailed = 17, CtEstablished = 18, CtClosed = 19, CtFull = 20,
        IcmpRelated = 21, IcmpUnrelated = 22, XdpSeen = 23, XdpBlocked = 24, XdpRateLimited = 25, XdpPassed = 26,
        EgressTracked = 27, EgressNew = 28, Vlan = 29;

    /// <summary>How many slots the counter map has.</summary>
    public const uint Count = 32;
}
