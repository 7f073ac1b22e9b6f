using System;
using System.Buffers;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary><c>BPF_PROG_TEST_RUN</c> over a packet (XDP, TC, socket filter, cgroup skb) or over a context alone (sk_lookup).</summary>
internal static unsafe class TestRunner
{
    // Room for programs that grow the packet (bpf_xdp_adjust_tail, bpf_skb_change_tail).
    private const int GrowthRoom = 4096;
    private const int MaxOutput = 1 << 24;
    private const int EthernetHeaderLength = 14;

    internal readonly record struct Outcome(uint ReturnValue, byte[] Packet, uint DurationNanoseconds)
    {
        internal TimeSpan Duration => TimeSpan.FromTicks((DurationNanoseconds + 50) / 100);
    }

    internal static Outcome Run(BpfProgram program, ReadOnlySpan<byte> packet, int repeat) =>
        Run(program, packet, repeat, null, 0, null);

    /// <summary>Runs with a context struct: <paramref name="contextIn"/> is sent, <paramref name="contextOut"/> (same size) receives the result.</summary>
    internal static Outcome Run(BpfProgram program, ReadOnlySpan<byte> packet, int repeat, void* contextIn, int contextSize, void* contextOut)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeat, 1);
        if (packet.Length < EthernetHeaderLength)
            throw new ArgumentException($"A test-run packet needs at least {EthernetHeaderLength} bytes (an Ethernet header), but it has {packet.Length}.", nameof(packet));

        int capacity = packet.Length + GrowthRoom;
        using Lease lease = program.Handle.Lease();
        while (true)
        {
            byte[] output = ArrayPool<byte>.Shared.Rent(capacity);
            try
            {
                fixed (byte* input = packet)
                fixed (byte* outputPtr = output)
                {
                    var opts = new BpfTestRunOpts
                    {
                        Size = (nuint)sizeof(BpfTestRunOpts),
                        DataIn = input,
                        DataSizeIn = (uint)packet.Length,
                        DataOut = outputPtr,
                        DataSizeOut = (uint)output.Length,
                        Repeat = repeat,
                        ContextIn = contextIn,
                        ContextSizeIn = (uint)contextSize,
                        ContextOut = contextOut,
                        ContextSizeOut = contextOut == null ? 0 : (uint)contextSize,
                    };
                    int error = LibBpf.bpf_prog_test_run_opts(lease.Fd, &opts);
                    if (error == -Errno.ENOSPC && capacity < MaxOutput)
                    {
                        capacity = (int)Math.Max(opts.DataSizeOut, (uint)capacity * 4);
                        continue;
                    }
                    if (error < 0)
                        throw BpfErrors.FromErrno(error, $"Test-running program '{program.Name}'");
                    return new Outcome(opts.ReturnValue, output.AsSpan(0, (int)opts.DataSizeOut).ToArray(), opts.Duration);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(output);
            }
        }
    }

    /// <summary>
    /// Runs a program whose test run takes no packet, only a context (sk_lookup):
    /// <paramref name="context"/> is sent and receives what the kernel writes back.
    /// </summary>
    /// <remarks><paramref name="explain"/> turns an errno into the reason to give, or null for the general one.</remarks>
    internal static Outcome RunContextOnly(BpfProgram program, void* context, int contextSize, int repeat, Func<int, string?> explain)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeat, 1);
        using Lease lease = program.Handle.Lease();
        var opts = new BpfTestRunOpts
        {
            Size = (nuint)sizeof(BpfTestRunOpts),
            Repeat = repeat,
            ContextIn = context,
            ContextSizeIn = (uint)contextSize,
            ContextOut = context,
            ContextSizeOut = (uint)contextSize,
        };
        int error = LibBpf.bpf_prog_test_run_opts(lease.Fd, &opts);
        if (error < 0)
        {
            string action = $"Test-running program '{program.Name}'";
            throw explain(-error) is { } reason ? new BpfException($"{action} failed: {reason}.", -error) : BpfErrors.FromErrno(error, action);
        }
        return new Outcome(opts.ReturnValue, [], opts.Duration);
    }
}
