using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>
/// Signed division and remainder of every width, by variables and constants, under the default
/// BpfCpu v3, which has no signed division instruction (the generator builds it from unsigned
/// ones); and the frame length as <c>(int)(end - data)</c> plus a typed pointer difference whose
/// element size is not a power of two. Regression for the silent "return 0" miscompile.
/// </summary>
public static unsafe partial class SignedMath
{
    static readonly ArrayMap<long> Results = new(maxEntries: 8);

    [Xdp]
    public static XdpAction Divide(XdpContext ctx)
    {
        byte* d = ctx.Data;
        if (d + 34 > ctx.DataEnd) return XdpAction.Pass;
        int a = *(int*)(d + 14);
        int b = *(int*)(d + 18) | 1;
        long c = *(long*)(d + 22);
        short s = *(short*)(d + 30);
        // C# throws on MinValue / -1; keep the program total so .NET and BPF agree.
        if (a == int.MinValue) a = 0;
        if (c == long.MinValue) c = 0;
        int len = (int)(ctx.DataEnd - ctx.Data);
        long frames = (EthernetHeader*)ctx.DataEnd - (EthernetHeader*)d;
        Store(0, a / b);
        Store(1, a % b);
        Store(2, a / 4);
        Store(3, a % 7);
        Store(4, c / b);
        Store(5, c % 1000);
        Store(6, s / 3);
        Store(7, len / 3 - frames);
        return (XdpAction)((a / b) & 3);
    }

    static void Store(uint index, long value)
    {
        long* slot = Results.Lookup(index);
        if (slot != null) *slot = value;
    }
}
