using System.Threading;
using CodeFirstBpf;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>Counters of every width the atomics handle: Signed@0, Unsigned@8, Small@16, Flags@20, size 24.</summary>
public struct Counters
{
    public long Signed;
    public ulong Unsigned;
    public int Small;
    public uint Flags;
}

/// <summary>
/// <c>Interlocked</c> on map values with every result used: <c>Increment</c> and <c>Add</c> return
/// the new value (BPF's fetch-add returns the old one), <c>Exchange</c> and <c>CompareExchange</c>
/// the old one; on 64- and 32-bit fields, with negative addends. A TC program, so the verdict is
/// a computed <see cref="TcAction"/>.
/// </summary>
public static unsafe partial class Atomics
{
    static readonly ArrayMap<Counters> Totals = new(maxEntries: 4);
    static readonly HashMap<uint, Counters> Observed = new(maxEntries: 2048);

    [Tc]
    public static TcAction CountAtomically(TcContext ctx)
    {
        uint length = ctx.Len;
        Counters* t = Totals.Lookup(length & 3);
        if (t == null) return TcAction.Shot;

        long incremented = Interlocked.Increment(ref t->Signed);
        ulong added = Interlocked.Add(ref t->Unsigned, length);
        int small = Interlocked.Add(ref t->Small, -3);
        uint previous = Interlocked.Exchange(ref t->Flags, length);
        long before = Interlocked.CompareExchange(ref t->Signed, 100, 10);
        int smallBefore = Interlocked.CompareExchange(ref t->Small, 0, -30);

        var seen = new Counters
        {
            Signed = incremented * 1000 + before,
            Unsigned = added,
            Small = small ^ smallBefore,
            Flags = previous,
        };
        Observed.Update(length, seen);
        return (incremented & 1) == 0 ? TcAction.Ok : TcAction.Pipe;
    }
}
