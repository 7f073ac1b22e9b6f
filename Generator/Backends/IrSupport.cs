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
    /// <summary>A 64-bit value's low half, zero-extended: <c>w = w</c> with ALU32 (v3+), where LLVM's <c>and 0xffffffff</c> is two shifts.</summary>
    public const string LowHalf = "@cfb.low32";

    /// <summary>The IR with the bodies of <paramref name="needed"/> (names the lowering recorded, e.g. <c>@cfb.sdiv.i32</c>: a dot keeps them apart from every C# name) for <paramref name="cpu"/>.</summary>
    public static string Append(string ir, string cpu, IEnumerable<string> needed)
    {
        var sb = new StringBuilder(ir);
        bool native = cpu == "v4";
        foreach (string function in needed)
        {
            if (function == LowHalf)
            {
                sb.Append(LowHalfBody(cpu is "v3" or "v4"));
                continue;
            }
            bool remainder = function.StartsWith(SignedRemainder, System.StringComparison.Ordinal);
            if (!remainder && !function.StartsWith(SignedDivide, System.StringComparison.Ordinal))
                throw new System.ArgumentException("unknown support function " + function);
            string t = function.Substring((remainder ? SignedRemainder : SignedDivide).Length);
            string name = remainder ? SignedRemainder : SignedDivide;
            sb.Append(native ? Native(name, remainder ? "srem" : "sdiv", t) : Emulated(name, t, remainder));
        }
        return sb.ToString();
    }

    private static string LowHalfBody(bool alu32)
    {
        string body = alu32
            ? "  %t = trunc i64 %a to i32\n  %m = call i32 asm \"$0 = $1\", \"=w,w\"(i32 %t) #3\n  %r = zext i32 %m to i64\n"
            : "  %r = and i64 %a, 4294967295\n";
        return $"\ndefine internal i64 {LowHalf}(i64 %a) #1 {{\nentry:\n{body}  ret i64 %r\n}}\n";
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
