namespace CodeFirstBpf.Semantics.Tests.Harness;

/// <summary>
/// Program-class templates for construct tests: the body runs after a bounds check on the
/// packet, with <c>byte* d = ctx.Data</c> and an <c>ArrayMap&lt;ulong&gt; Out</c> of 64 entries to
/// write results into (<c>Out.Update(i, value)</c>), which <see cref="Runtime.Differential"/> compares.
/// </summary>
public static class Snippets
{
    /// <summary>An XDP program class <c>P</c> with method <c>Run</c>; frames shorter than <paramref name="bound"/> bytes pass untouched.</summary>
    public static string Xdp(string body, string members = "", string types = "", int bound = 64) => $$"""
        public static unsafe partial class P
        {
            static readonly ArrayMap<ulong> Out = new(64);
        {{Indent(members, 4)}}

            [Xdp]
            public static XdpAction Run(XdpContext ctx)
            {
                byte* d = ctx.Data;
                if (d + {{bound}} > ctx.DataEnd) return XdpAction.Pass;
        {{Indent(body, 8)}}
                return XdpAction.Pass;
            }
        }

        {{types}}
        """;

    /// <summary>A TC program class <c>P</c> with method <c>Run</c>, like <see cref="Xdp"/>.</summary>
    public static string Tc(string body, string members = "", string types = "", int bound = 64) => $$"""
        public static unsafe partial class P
        {
            static readonly ArrayMap<ulong> Out = new(64);
        {{Indent(members, 4)}}

            [Tc]
            public static TcAction Run(TcContext ctx)
            {
                byte* d = ctx.Data;
                if (d + {{bound}} > ctx.DataEnd) return TcAction.Ok;
        {{Indent(body, 8)}}
                return TcAction.Ok;
            }
        }

        {{types}}
        """;

    /// <summary>Compiles <paramref name="source"/>, runs it kernel-vs-.NET over the default corpus (or <paramref name="frames"/>) and asserts agreement.</summary>
    public static void AssertAgrees(string source, string cpu = "v3", IReadOnlyList<byte[]>? frames = null)
    {
        Kernel.Require();
        using var snippet = SnippetCompiler.Compile(source, cpu);
        snippet.AssertAgrees(frames);
    }

    private static string Indent(string text, int spaces)
    {
        string pad = new(' ', spaces);
        return string.Join("\n", text.Split('\n').Select(l => l.Length == 0 ? l : pad + l.TrimEnd('\r')));
    }
}
