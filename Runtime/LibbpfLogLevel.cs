namespace CodeFirstBpf.Runtime;

/// <summary>The level of a libbpf message (<c>enum libbpf_print_level</c>).</summary>
public enum LibbpfLogLevel
{
    /// <summary>Something failed or was ignored (<c>LIBBPF_WARN</c>).</summary>
    Warning = 0,
    /// <summary>Informational (<c>LIBBPF_INFO</c>).</summary>
    Info = 1,
    /// <summary>Verbose detail (<c>LIBBPF_DEBUG</c>); only formatted when asked for.</summary>
    Debug = 2,
}
