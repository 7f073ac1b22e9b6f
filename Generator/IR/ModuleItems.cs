using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace CodeFirstBpf.Generator.IR;

/// <summary>The function attribute groups the module defines (printed once, at the end of the module).</summary>
internal enum FunctionAttributes
{
    /// <summary><c>#0</c>: a program (an ELF entry point).</summary>
    Program = 0,
    /// <summary><c>#1</c>: a helper LLVM must inline.</summary>
    AlwaysInline = 1,
    /// <summary><c>#2</c>: a BPF-to-BPF function (NoInlining helpers, bpf_loop callbacks).</summary>
    NoInline = 2,
    /// <summary><c>#3</c>: a call site without memory effects (the opaque value barrier), so equal ones merge.</summary>
    NoMemory = 3,
}

/// <summary>A global variable of the module, as llvmlite's <c>GlobalVariable</c>: printed from its parts, never parsed back.</summary>
internal sealed class IrGlobal
{
    public IrGlobal(string name, string type, string initializer, string section, int align, bool isConstant = false, bool isInternal = false, string? debug = null)
    {
        Name = name;
        Type = type;
        Initializer = initializer;
        Section = section;
        Align = align;
        IsConstant = isConstant;
        IsInternal = isInternal;
        Debug = debug;
    }

    public string Name { get; }
    public string Type { get; }
    public string Initializer { get; }
    public string Section { get; }
    public int Align { get; }
    public bool IsConstant { get; }
    public bool IsInternal { get; }
    public string? Debug { get; }

    /// <summary>A NUL-terminated byte string constant: <c>[N x i8] c"…\00"</c>.</summary>
    public static IrGlobal CString(string name, string value, string section, bool isConstant, bool isInternal, string? debug = null)
    {
        int length = Encoding.UTF8.GetByteCount(value) + 1;
        return new IrGlobal(name, "[" + length.ToString(CultureInfo.InvariantCulture) + " x i8]", "c\"" + MetadataTable.Escape(value) + "\\00\"", section, 1, isConstant, isInternal, debug);
    }

    public override string ToString()
        => "@" + Name + " = " + (IsInternal ? "internal" : "dso_local") + " " + (IsConstant ? "constant" : "global") + " " + Type + " " + Initializer
           + ", section " + MetadataTable.Quote(Section) + ", align " + Align.ToString(CultureInfo.InvariantCulture) + (Debug != null ? ", !dbg " + Debug : string.Empty);
}

/// <summary>A function definition: linkage, signature from its builder, attribute group, section and debug info.</summary>
internal sealed class IrFunction
{
    public IrFunction(FunctionBuilder body, FunctionAttributes attributes, string? section, string? debug)
    {
        Body = body;
        Attributes = attributes;
        Section = section;
        Debug = debug;
    }

    public FunctionBuilder Body { get; }
    public FunctionAttributes Attributes { get; }
    /// <summary>The ELF section of a program; null for the rest, which are internal.</summary>
    public string? Section { get; }
    public string? Debug { get; }

    public override string ToString()
    {
        string parameters = string.Join(", ", Body.Parameters.Select(p => p.Type + (p.Attrs.Length > 0 ? " " + p.Attrs : string.Empty) + " %" + p.Name));
        return "define " + (Section != null ? "dso_local" : "internal") + " " + Body.ReturnType + " @" + Body.Name + "(" + parameters + ") #"
            + ((int)Attributes).ToString(CultureInfo.InvariantCulture) + (Section != null ? " section " + MetadataTable.Quote(Section) : string.Empty)
            + (Debug != null ? " !dbg " + Debug : string.Empty) + " {\n" + Body.BodyText() + "}\n";
    }
}
