using System;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>A socket-lookup program (<c>BPF_PROG_TYPE_SK_LOOKUP</c>, kernel 5.9): picks the socket a packet is delivered to.</summary>
public sealed class SkLookupProgram : BpfProgram
{
    internal SkLookupProgram(string name, string sectionName, uint programType, BpfFdHandle handle, string verifierLog)
        : base(name, sectionName, programType, handle, verifierLog) { }

    /// <summary>
    /// Attaches the program to a network namespace with a BPF link: from now on every lookup of a
    /// listening (TCP) or unconnected (UDP) socket there runs it. Dispose the returned link to detach.
    /// </summary>
    /// <param name="netnsPath">The namespace file; this process's namespace by default.</param>
    /// <exception cref="BpfException">The path is not a namespace file, or the kernel refused.</exception>
    public NetnsLink AttachSkLookup(string netnsPath = "/proc/self/ns/net") => NetnsLink.Attach(this, netnsPath);

    /// <summary>
    /// Runs the program once per <paramref name="repeat"/> over the lookup <paramref name="context"/>
    /// describes, in the kernel (<c>BPF_PROG_TEST_RUN</c>, kernel 5.14): no packet, only the lookup.
    /// </summary>
    /// <returns>The verdict and the cookie of the socket the program assigned (0 when none).</returns>
    /// <exception cref="ArgumentException">The context is incomplete or mixes families.</exception>
    /// <exception cref="BpfException">The kernel refused the test run.</exception>
    public unsafe SkLookupTestRunResult TestRun(SkLookupTestRunContext context, int repeat = 1)
    {
        BpfSkLookup ctx = context.ToKernel();
        TestRunner.Outcome outcome = TestRunner.RunContextOnly(this, &ctx, sizeof(BpfSkLookup), repeat, Explain);
        return new SkLookupTestRunResult((SkAction)(int)outcome.ReturnValue, ctx.Cookie, outcome.Duration) { DurationNanoseconds = outcome.DurationNanoseconds };
    }

    private static string? Explain(int errno) => errno switch
    {
        Errno.EOPNOTSUPP => "the program assigned a socket with SO_REUSEPORT set, whose reuseport group a test run cannot resolve; "
            + "assign with the no-reuseport flag (ctx.Assign(sock, 2)) or use a socket without SO_REUSEPORT",
        Errno.EINVAL => "the kernel refused the lookup context (sk_lookup test runs need kernel 5.14)",
        _ => null,
    };
}
