using System;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>A cgroup skb program (<c>BPF_PROG_TYPE_CGROUP_SKB</c>, kernel 4.10): allows or drops the packets the cgroup's sockets send or receive.</summary>
public sealed class CgroupSkbProgram : CgroupProgram
{
    internal CgroupSkbProgram(string name, string sectionName, uint programType, BpfFdHandle handle, string verifierLog)
        : base(name, sectionName, programType, handle, verifierLog) { }

    /// <summary>
    /// Runs the program over <paramref name="packet"/> in the kernel (<c>BPF_PROG_TEST_RUN</c>). The
    /// kernel strips the Ethernet header, so the program sees the packet from the IP header on.
    /// </summary>
    /// <param name="packet">A whole Ethernet frame, at least 14 bytes.</param>
    /// <param name="repeat">How many times to run; <see cref="CgroupSkbTestRunResult.Duration"/> is the average.</param>
    /// <exception cref="BpfException">The kernel refused the test run.</exception>
    public CgroupSkbTestRunResult TestRun(ReadOnlySpan<byte> packet, int repeat = 1)
    {
        TestRunner.Outcome outcome = TestRunner.Run(this, packet, repeat);
        return new CgroupSkbTestRunResult((CgroupSkbAction)(int)outcome.ReturnValue, outcome.Duration) { DurationNanoseconds = outcome.DurationNanoseconds };
    }
}
