using Xunit;

namespace CodeFirstBpf.Generator.Tests;

/// <summary>BPF-to-BPF functions take narrow parameters the way clang passes them: extended by the caller, declared so on both sides.</summary>
public class CallingConventionTests
{
    [Fact]
    public void Narrow_parameters_are_zeroext_or_signext_on_the_definition_and_the_call()
    {
        const string Source = """
            public static unsafe partial class P
            {
                static readonly ArrayMap<ulong> M = new(4);
                [MethodImpl(MethodImplOptions.NoInlining)]
                static ulong F(bool f, byte b, short s, uint u, ushort* p) => f ? b : (ulong)(long)s + u + *p;
                [Xdp] public static XdpAction Main(XdpContext ctx)
                {
                    ushort w = 3;
                    M.Update(0, F(ctx.RxQueueIndex > 2, (byte)ctx.RxQueueIndex, (short)ctx.IngressIfIndex, ctx.RxQueueIndex, &w));
                    return XdpAction.Pass;
                }
            }
            """;
        var (ir, diags) = GeneratorHarness.Lower(Source);
        Assert.True(diags.IsEmpty, string.Join("\n", diags));
        Assert.Contains("@F(i1 noundef zeroext %a.f, i8 noundef zeroext %a.b, i16 noundef signext %a.s, i32 noundef %a.u, ptr noundef %a.p)", ir);
        Assert.Matches(@"call i64 @F\(i1 noundef zeroext %t\d+, i8 noundef zeroext %t\d+, i16 noundef signext %t\d+, i32 noundef %t\d+, ptr noundef %t\d+\)", ir);
    }
}
