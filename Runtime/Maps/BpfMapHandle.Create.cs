using System;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

public sealed unsafe partial class BpfMapHandle
{
    /// <summary>
    /// Creates a map of the shape <paramref name="spec"/> gives, owned by this handle (the kernel
    /// frees it when the last handle and the last map holding it let go).
    /// </summary>
    /// <param name="spec">Type, key and value sizes, entries and flags.</param>
    /// <param name="name">The map's name as bpftool shows it (at most 15 characters are kept).</param>
    /// <exception cref="BpfException">The kernel refused the shape (the message says which part).</exception>
    public static BpfMapHandle Create(BpfMapSpec spec, string name)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(name);
        NativeLibraries.EnsureLibbpf();
        var opts = new BpfMapCreateOpts { Size = (nuint)sizeof(BpfMapCreateOpts), MapFlags = (uint)spec.Flags };
        string kernelName = name.Length > 15 ? name[..15] : name;
        int raw = LibBpf.bpf_map_create((uint)spec.Type, kernelName, spec.KeySize, spec.ValueSize, spec.MaxEntries, &opts);
        if (raw < 0)
            throw BpfErrors.FromErrno(raw, $"Creating {spec.Type} map '{name}' ({spec.KeySize}-byte keys, {spec.ValueSize}-byte values, {spec.MaxEntries} entries, flags {spec.Flags})");
        BpfFdHandle handle = BpfFdHandle.Own(raw);
        try
        {
            return new BpfMapHandle(kernelName, handle, QueryInfo(handle, name), pinPath: null);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
