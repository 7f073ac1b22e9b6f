using CsCheck;

namespace CodeFirstBpf.Semantics.Tests.Generative;

/// <summary>
/// Random well-typed XDP programs over the supported subset, as C# text: integer, bool and char
/// arithmetic of mixed widths over inputs read from packet bytes, if/else, switch statements and
/// expressions, bounded for loops, ternaries, ref locals, a static helper and a struct with a
/// constructor, a field initializer and a computing property. Every local is stored into
/// <c>Out</c> at the end. Divisors are forced positive (no division by zero, no MinValue / -1)
/// and every cast is unchecked, so the .NET side never throws.
/// </summary>
public static class ProgramGen
{
    private static readonly string[] s_ints = ["byte", "sbyte", "short", "ushort", "int", "uint", "long", "ulong", "char"];
    private static readonly Dictionary<string, int> s_size = new()
    {
        ["byte"] = 1, ["sbyte"] = 1, ["short"] = 2, ["ushort"] = 2, ["int"] = 4, ["uint"] = 4, ["long"] = 8, ["ulong"] = 8, ["char"] = 2,
    };
    private static readonly HashSet<string> s_signed = ["sbyte", "short", "int", "long"];

    /// <summary>A program's locals: name and type; the first ones are read from the packet.</summary>
    private sealed record Scope(IReadOnlyList<(string Name, string Type)> Locals, bool InLoop, bool NoCalls = false);

    /// <summary>The body of one program class named <paramref name="className"/>.</summary>
    public static Gen<string> Program(string className) =>
        from types in Gen.Int[0, s_ints.Length].Array[3, 7]
        from offsets in Gen.Int[0, 56].Array[7]
        let locals = types.Select((t, i) => ($"v{i}", t == s_ints.Length ? "bool" : s_ints[t])).ToList()
        let scope = new Scope(locals, false)
        // The helper body must not call the helper (recursion is rejected) nor the struct.
        from helperBody in Expr("ulong", 2, new Scope([("a", "ulong"), ("b", "uint")], false, NoCalls: true))
        from structInit in Gen.UInt[0, 1000]
        from stmts in Statement(scope, 2).Array[1, 6]
        from verdict in Gen.Int[0, 63]
        select Render(className, locals, offsets, helperBody, structInit, stmts, verdict);

    private static string Render(string cls, List<(string Name, string Type)> locals, int[] offsets, string helper, uint structInit, string[] stmts, int verdict)
    {
        var body = new List<string>();
        for (int i = 0; i < locals.Count; i++)
        {
            var (name, type) = locals[i];
            body.Add(type == "bool" ? $"bool {name} = (d[{offsets[i]}] & 1) != 0;" : $"{type} {name} = *({type}*)(d + {offsets[i]});");
        }
        body.AddRange(stmts);
        for (int i = 0; i < locals.Count; i++)
            body.Add($"Out.Update({i}, {AsULong(locals[i].Name, locals[i].Type)});");
        body.Add($"return (d[{verdict}] & 3) switch {{ 0 => XdpAction.Drop, 1 => XdpAction.Tx, _ => XdpAction.Pass }};");
        return $$"""
            public static unsafe partial class {{cls}}
            {
                static readonly ArrayMap<ulong> Out = new(16);
                static ulong Helper(ulong a, uint b) => {{helper}};
                public struct S
                {
                    public uint A = {{structInit}};
                    public ulong B;
                    public S(ulong b) { B = b ^ A; }
                    public ulong Mix { readonly get => A * 3ul + B; set => B = value + 1; }
                }

                [Xdp]
                public static XdpAction Run(XdpContext ctx)
                {
                    byte* d = ctx.Data;
                    if (d + 64 > ctx.DataEnd) return XdpAction.Pass;
                    {{string.Join("\n        ", body)}}
                }
            }
            """;
    }

    private static string AsULong(string e, string type) => type == "bool" ? $"({e} ? 1ul : 0ul)" : $"unchecked((ulong){e})";

    private static string Cast(string e, string from, string to)
    {
        if (from == to) return e;
        if (to == "bool") return from == "bool" ? e : $"({e} != 0)";
        if (from == "bool") return $"unchecked(({to})({e} ? {Lit(to, 1)} : {Lit(to, 0)}))";
        return $"unchecked(({to})({e}))";
    }

    private static string Lit(string type, ulong v) => type switch
    {
        "char" => $"(char){v & 0xffff}",
        "bool" => v % 2 == 0 ? "false" : "true",
        _ => $"unchecked(({type}){v}ul)",
    };

    /// <summary>An expression of <paramref name="type"/> (an integer type or bool).</summary>
    private static Gen<string> Expr(string type, int depth, Scope scope)
    {
        var leaves = new List<Gen<string>>
        {
            Gen.ULong.Select(v => Lit(type, v)),
            Gen.Int[0, scope.Locals.Count - 1].Select(i => Cast(scope.Locals[i].Name, scope.Locals[i].Type, type)),
        };
        if (scope.InLoop) leaves.Add(Gen.Const(Cast("i", "int", type)));
        var leaf = Gen.OneOf(leaves.ToArray());
        if (depth == 0) return leaf;
        int next = depth - 1;
        if (type == "bool")
            return Gen.OneOf(
                leaf,
                from op in Gen.OneOfConst("<", "<=", ">", ">=", "==", "!=")
                from ta in Gen.OneOfConst(s_ints)
                from tb in Gen.OneOfConst(s_ints)
                let tb2 = Compatible(ta, tb)
                from a in Expr(ta, next, scope)
                from b in Expr(tb2, next, scope)
                select $"({a} {op} {b})",
                from op in Gen.OneOfConst("&&", "||", "&", "|", "^", "==")
                from a in Expr("bool", next, scope)
                from b in Expr("bool", next, scope)
                select $"({a} {op} {b})",
                Expr("bool", next, scope).Select(a => $"(!{a})"));
        return Gen.OneOf(
            leaf,
            from op in Gen.OneOfConst("+", "-", "*", "&", "|", "^")
            from ta in Gen.OneOfConst(s_ints)
            from tb in Gen.OneOfConst(s_ints)
            let tb2 = Compatible(ta, tb)
            from a in Expr(ta, next, scope)
            from b in Expr(tb2, next, scope)
            select Cast($"unchecked({a} {op} {b})", Promoted(ta, tb2), type),
            from op in Gen.OneOfConst("<<", ">>", ">>>")
            from ta in Gen.OneOfConst(s_ints)
            from a in Expr(ta, next, scope)
            from n in Expr("int", next, scope)
            select Cast($"unchecked({a} {op} {n})", s_size[ta] < 4 ? "int" : ta, type),
            from op in Gen.OneOfConst("/", "%")
            from signed in Gen.Bool
            from a in Expr(signed ? "long" : "ulong", next, scope)
            from b in Expr(signed ? "long" : "ulong", next, scope)
            // Positive divisors: never zero, never -1.
            select Cast(signed ? $"unchecked({a} {op} (({b} & 0x7fff) | 1))" : $"unchecked({a} {op} (({b} & 0xffffff) | 1))", signed ? "long" : "ulong", type),
            from op in Gen.OneOfConst("-", "~")
            from ta in Gen.OneOfConst("int", "long", "uint", "sbyte", "short", "char")
            from a in Expr(ta, next, scope)
            select Cast($"unchecked({op}{a})", ta == "uint" && op == "-" ? "long" : Promoted(ta, ta), type),
            from c in Expr("bool", next, scope)
            from a in Expr(type, next, scope)
            from b in Expr(type, next, scope)
            select $"({c} ? {a} : {b})",
            scope.NoCalls ? leaf :
                from a in Expr("ulong", next, scope)
                from b in Expr("uint", next, scope)
                select Cast($"Helper({a}, {b})", "ulong", type),
            scope.NoCalls ? leaf :
                from a in Expr("ulong", next, scope)
                from b in Expr("ulong", next, scope)
                select Cast($"new S({a}) {{ B = {b} }}.Mix", "ulong", type),
            // The governing expression involves a packet byte, so it is never a constant.
            from a in Expr("int", next, scope)
            from c1 in Gen.Int[-100, 100]
            from c2 in Gen.Int[1, 200]
            from x in Expr(type, next, scope)
            from y in Expr(type, next, scope)
            from z in Expr(type, next, scope)
            select $"(unchecked({a} + {(scope.NoCalls ? "(int)b" : "d[1]")}) switch {{ < {c1} => {x}, >= {c1 + 1} and < {c1 + 1 + c2} => {y}, _ => {z} }})");
    }

    // C# has no mixed ulong/signed operators (CS0034): use the same type on both sides then.
    private static string Compatible(string a, string b)
        => (a == "ulong" && s_signed.Contains(b)) || (b == "ulong" && s_signed.Contains(a)) ? a : b;

    private static string Promoted(string a, string b)
    {
        string[] order = ["int", "uint", "long", "ulong"];
        string Up(string t) => s_size[t] < 4 ? "int" : t;
        string ua = Up(a), ub = Up(b);
        if (ua == ub) return ua;
        if ((ua == "int" && ub == "uint") || (ua == "uint" && ub == "int")) return "long";
        return Array.IndexOf(order, ua) > Array.IndexOf(order, ub) ? ua : ub;
    }

    private static Gen<string> Assignment(Scope scope, int depth) =>
        from i in Gen.Int[0, scope.Locals.Count - 1]
        let target = scope.Locals[i]
        from compound in Gen.Bool
        from op in Gen.OneOfConst("+=", "-=", "^=", "|=", "&=", "*=")
        from e in Expr(target.Type, depth, scope)
        from viaRef in Gen.Int[0, 4]
        select target.Type == "bool" || !compound
            ? (viaRef == 0 ? $"{{ ref {target.Type} r = ref {target.Name}; r = {e}; }}" : $"{target.Name} = {e};")
            : $"{target.Name} {op} {e};";

    private static Gen<string> Statement(Scope scope, int depth)
    {
        var assignment = Assignment(scope, 2);
        if (depth == 0) return assignment;
        return Gen.OneOf(
            assignment,
            assignment,
            from c in Expr("bool", 2, scope)
            from t in Statement(scope, depth - 1).Array[1, 3]
            from f in Statement(scope, depth - 1).Array[0, 2]
            select $"if ({c}) {{ {string.Join(" ", t)} }}" + (f.Length == 0 ? "" : $" else {{ {string.Join(" ", f)} }}"),
            from v in Expr("int", 1, scope)
            from a in Statement(scope, depth - 1)
            from b in Statement(scope, depth - 1)
            from c in Statement(scope, depth - 1)
            select $"switch ({v} & 3) {{ case 0: {a} break; case 1: case 2: {b} break; default: {c} break; }}",
            from n in Gen.Int[1, 6]
            from body in Statement(scope with { InLoop = true }, 0).Array[1, 2]
            select $"for (int i = 0; i < {n}; i++) {{ {string.Join(" ", body)} }}");
    }
}
