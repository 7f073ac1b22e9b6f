using CodeFirstBpf.Generator.IR;

namespace CodeFirstBpf.Generator.Frontend;

/// <summary>A lowered function's calling convention, as callers need it.</summary>
internal sealed class FunctionInfo
{
    public FunctionInfo(string name, LType ret, int paramCount, bool hasSret, bool hasThis)
    {
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
}
