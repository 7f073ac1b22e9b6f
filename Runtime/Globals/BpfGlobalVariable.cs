namespace CodeFirstBpf.Runtime;

/// <summary>A global variable of a BPF object, as its BTF describes it.</summary>
/// <param name="Name">The variable's name.</param>
/// <param name="Section">Its ELF section: <c>.rodata</c> (constants), <c>.data</c> or <c>.bss</c>.</param>
/// <param name="Offset">Its byte offset in the section.</param>
/// <param name="Size">Its size in bytes.</param>
public sealed record BpfGlobalVariable(string Name, string Section, uint Offset, uint Size)
{
    /// <summary>
    /// Whether BPF programs see the variable as a constant: it can be set only before load,
    /// through <see cref="BpfLoadOptions.Constants"/>.
    /// </summary>
    public bool IsReadOnly => Section.StartsWith(".rodata", System.StringComparison.Ordinal) || Section == ".kconfig";
}
