using System;

namespace CodeFirstBpf;

/// <summary>Marks <c>static XdpAction M(XdpContext ctx)</c> as an XDP program (ELF section <c>xdp</c>).</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
[BpfProgramType(BpfProgramKinds.Xdp, 6, typeof(XdpContext), typeof(XdpAction), Section = "xdp", MinimumKernel = "4.8")]
public sealed class XdpAttribute : Attribute { }

/// <summary>Marks <c>static TcAction M(TcContext ctx)</c> as a TC classifier program (ELF section <c>tc</c>).</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
[BpfProgramType(BpfProgramKinds.Tc, 3, typeof(TcContext), typeof(TcAction), Section = "tc", MinimumKernel = "4.1")]
public sealed class TcAttribute : Attribute { }

/// <summary>Sets the licence string of the BPF object; <c>"GPL"</c> when absent.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class BpfLicenseAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public BpfLicenseAttribute(string license) => License = license;

    /// <summary>The licence written to the <c>license</c> section.</summary>
    public string License { get; }
}

/// <summary>Pins a map field by name under the bpffs pin path given at load time.</summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class PinnedAttribute : Attribute { }

/// <summary>Marks a <c>static readonly</c> field as a <c>.rodata</c> variable userspace sets before load.</summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class ConfigAttribute : Attribute { }

/// <summary>
/// Emitted by the generator, once per program class, on the assembly: the explicit list tools
/// (<c>cfbpf</c>) read to find program classes, their programs (<c>Name:Kind</c>) and maps
/// (<c>Name:Kind</c>). The object itself is the class's <c>ElfBytes</c> property.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class BpfObjectAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public BpfObjectAttribute(Type programClass, string[] programs, string[] maps)
    {
        ProgramClass = programClass;
        Programs = programs;
        Maps = maps;
    }

    /// <summary>The program class.</summary>
    public Type ProgramClass { get; }

    /// <summary>Its programs, as <c>Name:Kind</c> (<c>DropIcmp:Xdp</c>).</summary>
    public string[] Programs { get; }

    /// <summary>Its maps, as <c>Name:Kind</c> (<c>PacketCount:PerCpuArrayMap</c>).</summary>
    public string[] Maps { get; }
}
