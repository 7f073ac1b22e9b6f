using System;

namespace CodeFirstBpf;

// A program type is its attribute: the attribute class carries the type's kernel facts (program
// type, ELF section, context, result, minimum kernel), so the generator, the analyzers and the
// runtime read one row per type instead of each keeping its own switch over the kinds.

/// <summary>
/// The kernel facts of a program attribute (<c>[Xdp]</c>, <c>[CgroupSockAddr(…)]</c>, …): the
/// program type, the signature <c>static TResult M(TContext ctx)</c> and the ELF section libbpf
/// and bpftool recognise.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class BpfProgramTypeAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public BpfProgramTypeAttribute(BpfProgramKinds kind, int kernelType, Type context, Type result)
    {
        Kind = kind;
        KernelType = kernelType;
        Context = context;
        Result = result;
    }

    /// <summary>The program type's bit in the facts of helpers and context fields.</summary>
    public BpfProgramKinds Kind { get; }

    /// <summary>The number in the kernel's <c>enum bpf_prog_type</c>.</summary>
    public int KernelType { get; }

    /// <summary>The program's one parameter.</summary>
    public Type Context { get; }

    /// <summary>The program's return type.</summary>
    public Type Result { get; }

    /// <summary>
    /// The ELF section when the type has one; null when the attribute's argument names a hook
    /// whose <see cref="BpfAttachPointAttribute"/> gives it.
    /// </summary>
    public string? Section { get; set; }

    /// <summary>The kernel's <c>enum bpf_attach_type</c> the program is loaded for, or -1 when the section does not need one.</summary>
    public int AttachType { get; set; } = -1;

    /// <summary>The first kernel that has the program type, e.g. <c>"4.10"</c>.</summary>
    public string MinimumKernel { get; set; } = "";
}

/// <summary>
/// One hook of a program type whose attribute takes a hook argument (<see cref="SockAddrHook"/>,
/// <see cref="CgroupSkbDirection"/>): its ELF section and the kernel's <c>enum bpf_attach_type</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class BpfAttachPointAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public BpfAttachPointAttribute(string section, int attachType)
    {
        Section = section;
        AttachType = attachType;
    }

    /// <summary>The ELF section libbpf reads the program type and attach type from (<c>cgroup/connect4</c>).</summary>
    public string Section { get; }

    /// <summary>The number in the kernel's <c>enum bpf_attach_type</c>.</summary>
    public int AttachType { get; }

    /// <summary>The first kernel that has the hook, when later than its program type's.</summary>
    public string MinimumKernel { get; set; } = "";
}
