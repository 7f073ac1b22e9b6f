using CodeFirstBpf.Generator.IR;

namespace CodeFirstBpf.Generator.Frontend;

/// <summary>A lowered function's calling convention, as callers need it.</summary>
internal sealed class FunctionInfo
{
    public FunctionInfo(string name, LType ret, int paramCount, bool hasSret, bool hasThis, System.Collections.Generic.IReadOnlyList<string> paramAttrs)
    {
        ParamAttrs = paramAttrs;
        Name = name;
        Return = ret;
        ParamCount = paramCount;
        HasSret = hasSret;
        HasThis = hasThis;
    }

    public string Name { get; }
    public LType Return { get; }
    public int ParamCount { get; }
    public bool HasSret { get; }
    public bool HasThis { get; }
    /// <summary>The LLVM attributes of every parameter (<c>noundef</c>, plus <c>zeroext</c>/<c>signext</c> on small integers and bools), for the definition and every call.</summary>
    public System.Collections.Generic.IReadOnlyList<string> ParamAttrs { get; }
}
