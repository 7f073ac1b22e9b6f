using System.Collections.Generic;
using System.Text;

namespace CodeFirstBpf.Generator.Backends;

/// <summary>
/// Support functions the lowering calls but whose body depends on the target CPU, appended once
/// the CPU is known (the lowering itself runs before MSBuild options are read, so models stay
/// independent of them). Signed division and remainder exist as BPF instructions only from v4;
/// below that LLVM rejects <c>sdiv</c>/<c>srem</c>, so they are built from unsigned ones with
/// C#'s truncating semantics. All are <c>alwaysinline</c> and vanish at O2.
/// </summary>
internal static class IrSupport
{
    public const string SignedDivide = "@cfb.sdiv.";
    public const string SignedRemainder = "@cfb.srem.";

    /// <summary>The IR with the bodies of <paramref name="needed"/> (names the lowering recorded, e.g. <c>@cfb.sdiv.i32</c>: a dot keeps them apart from every C# name) for <paramref name="cpu"/>.</summary>
    public static string Append(string ir, string cpu, IEnumerable<string> needed)
    {
        var sb = new StringBuilder(ir);
        bool native = cpu == "v4";
        foreach (string function in needed)
        {
            bool remainder = function.StartsWith(SignedRemainder, System.StringComparison.Ordinal);
            if (!remainder && !function.StartsWith(SignedDivide, System.StringComparison.Ordinal))
                throw new System.ArgumentException("unknown support function " + function);
            string t = function.Substring((remainder ? SignedRemainder : SignedDivide).Length);
            string name = remainder ? SignedRemainder : SignedDivide;
            sb.Append(native ? Native(name, remainder ? "srem" : "sdiv", t) : Emulated(name, t, remainder));
        }
        return sb.ToString();
    }

    private static string Native(string name, string op, string t)
        => $"\ndefine internal {t} {name}{t}({t} %a, {t} %b) #1 {{\nentry:\n  %r = {op} {t} %a, %b\n  ret {t} %r\n}}\n";

    private static string Emulated(string name, string t, bool remainder)
    {
        var sb = new StringBuilder();
        sb.Append($"\ndefine internal {t} {name}{t}({t} %a, {t} %b) #1 {{\nentry:\n");
        sb.Append($"  %na = icmp slt {t} %a, 0\n  %ma = sub {t} 0, %a\n  %ua = select i1 %na, {t} %ma, {t} %a\n");
        sb.Append($"  %nb = icmp slt {t} %b, 0\n  %mb = sub {t} 0, %b\n  %ub = select i1 %nb, {t} %mb, {t} %b\n");
        if (remainder)
        {
            // The remainder takes the sign of the dividend.
            sb.Append($"  %u = urem {t} %ua, %ub\n  %mu = sub {t} 0, %u\n  %r = select i1 %na, {t} %mu, {t} %u\n");
        }
        else
        {
            // The quotient is negative when exactly one operand is.
            sb.Append($"  %u = udiv {t} %ua, %ub\n  %neg = xor i1 %na, %nb\n  %mu = sub {t} 0, %u\n  %r = select i1 %neg, {t} %mu, {t} %u\n");
        }
        sb.Append($"  ret {t} %r\n}}\n");
        return sb.ToString();
    }
}
