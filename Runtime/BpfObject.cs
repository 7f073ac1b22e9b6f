using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CodeFirstBpf.Runtime.Interop;
using CodeFirstBpf.Runtime.Loading;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// A loaded BPF ELF object: its programs, verified and ready to test-run or attach, and its maps.
/// Disposing it closes every program and map descriptor it handed out; links attached from its
/// programs stay attached until they are disposed themselves.
/// </summary>
public sealed partial class BpfObject : IDisposable
{
    private readonly BpfObjectHandle _handle;
    private readonly Dictionary<string, BpfProgram> _programsByName;
    private readonly Dictionary<string, BpfMapHandle> _mapsByName;

    private BpfObject(BpfObjectHandle handle, string name, List<BpfProgram> programs, List<BpfMapHandle> maps, BpfGlobals globals, IReadOnlyList<string> loadWarnings)
    {
        _handle = handle;
        Globals = globals;
        Name = name;
        Programs = programs;
        Maps = maps;
        LoadWarnings = loadWarnings;
        _programsByName = programs.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _mapsByName = maps.ToDictionary(m => m.Name, StringComparer.Ordinal);
    }

    /// <summary>
    /// Opens <paramref name="elf"/> (libbpf copies it) and loads it into the kernel: maps are
    /// created or reused from their pins, and every program passes the verifier.
    /// </summary>
    /// <param name="elf">The BPF ELF object, e.g. a generated <c>ElfBytes</c>.</param>
    /// <param name="objectName">The object's name, shown by libbpf and in errors.</param>
    /// <param name="options">Pinning and verifier log options; defaults when null.</param>
    /// <exception cref="BpfVerifierException">The verifier rejected a program.</exception>
    /// <exception cref="BpfException">libbpf is missing, privileges are missing, or loading failed.</exception>
    public static BpfObject Load(ReadOnlySpan<byte> elf, string objectName, BpfLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectName);
        if (elf.IsEmpty)
            throw new ArgumentException("The ELF image is empty.", nameof(elf));
        NativeLibraries.EnsureLibbpf();
        return ObjectLoader.Load(elf, objectName, options ?? BpfLoadOptions.Default);
    }

    /// <summary>Loads a BPF ELF object file; its name is the file name without extension.</summary>
    public static BpfObject LoadFile(string path, BpfLoadOptions? options = null) =>
        Load(File.ReadAllBytes(path), Path.GetFileNameWithoutExtension(path), options);

    /// <summary>The object's name.</summary>
    public string Name { get; }

    /// <summary>Every program in the object, in ELF order.</summary>
    public IReadOnlyList<BpfProgram> Programs { get; }

    /// <summary>Every map in the object, including libbpf's internal <c>.rodata</c>/<c>.bss</c>/<c>.data</c> maps.</summary>
    public IReadOnlyList<BpfMapHandle> Maps { get; }

    /// <summary>The object's global variables (<c>.data</c>, <c>.bss</c>; <c>.rodata</c> read-only), read and written in place.</summary>
    public BpfGlobals Globals { get; }

    /// <summary>
    /// The warning and info lines libbpf printed while loading, e.g. a <c>BTF loading error</c>
    /// after which libbpf silently went on without the object's BTF.
    /// </summary>
    public IReadOnlyList<string> LoadWarnings { get; }

    /// <summary>Whether libbpf had to drop the object's BTF because the kernel rejected it.</summary>
    public bool BtfRejected => LoadWarnings.Any(BtfRejection.IsRejection);

    /// <summary>The program with this full ELF function name.</summary>
    /// <exception cref="BpfException">The object has no such program.</exception>
    public BpfProgram GetProgram(string name)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return _programsByName.TryGetValue(name, out BpfProgram? program)
            ? program
            : throw new BpfException($"BPF object '{Name}' has no program named '{name}'; its programs are: {List(_programsByName.Keys)}.", Errno.ENOENT);
    }

    /// <summary>The XDP program with this full ELF function name.</summary>
    /// <exception cref="BpfException">The object has no such program, or it is not an XDP program.</exception>
    public XdpProgram GetXdpProgram(string name) => GetProgram(name) switch
    {
        XdpProgram xdp => xdp,
        BpfProgram other => throw WrongKind(other, "an XDP"),
    };

    /// <summary>The TC (<c>sched_cls</c>) program with this full ELF function name.</summary>
    /// <exception cref="BpfException">The object has no such program, or it is not a TC program.</exception>
    public TcProgram GetTcProgram(string name) => GetProgram(name) switch
    {
        TcProgram tc => tc,
        BpfProgram other => throw WrongKind(other, "a TC"),
    };

    /// <summary>The map with this ELF name.</summary>
    /// <exception cref="BpfException">The object has no such map.</exception>
    public BpfMapHandle GetMap(string name)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return _mapsByName.TryGetValue(name, out BpfMapHandle? map)
            ? map
            : throw new BpfException($"BPF object '{Name}' has no map named '{name}'; its maps are: {List(_mapsByName.Keys)}.", Errno.ENOENT);
    }

    /// <summary>Looks a map up by its ELF name without throwing.</summary>
    public bool TryGetMap(string name, out BpfMapHandle map) => _mapsByName.TryGetValue(name, out map!);

    /// <summary>Closes every program and map descriptor and the libbpf object.</summary>
    public void Dispose()
    {
        foreach (BpfProgram program in Programs)
            program.Close();
        Globals.Dispose();
        foreach (BpfMapHandle map in Maps)
            map.Dispose();
        _handle.Dispose();
    }

    internal static unsafe BpfObject FromLoaded(BpfObjectHandle handle, string name, List<ProgramLogBuffer> logs, IReadOnlyList<string> loadWarnings)
    {
        var programs = new List<BpfProgram>();
        var maps = new List<BpfMapHandle>();
        try
        {
            nint obj = handle.Pointer;
            int index = 0;
            for (nint prog = LibBpf.bpf_object__next_program(obj, 0); prog != 0; prog = LibBpf.bpf_object__next_program(obj, prog), index++)
                programs.Add(BpfProgram.FromLoaded(prog, index < logs.Count ? logs[index].Text : ""));
            for (nint map = LibBpf.bpf_object__next_map(obj, 0); map != 0; map = LibBpf.bpf_object__next_map(obj, map))
            {
                if (LibBpf.bpf_map__fd(map) >= 0)
                    maps.Add(BpfMapHandle.FromLoaded(map));
            }
            var globals = new BpfGlobals(name, GlobalSections.Discover(obj), section => MapOfSection(obj, section, maps));
            return new BpfObject(handle, name, programs, maps, globals, loadWarnings);
        }
        catch
        {
            programs.ForEach(p => p.Close());
            maps.ForEach(m => m.Dispose());
            handle.Dispose();
            throw;
        }
    }

    private static unsafe BpfMapHandle? MapOfSection(nint obj, string section, List<BpfMapHandle> maps)
    {
        nint map = LibBpf.bpf_object__find_map_by_name(obj, section);
        string? name = map == 0 ? null : ObjectLoader.FromUtf8z(LibBpf.bpf_map__name(map));
        return maps.Find(m => m.Name == name);
    }

    private BpfException WrongKind(BpfProgram program, string wanted) =>
        new($"Program '{program.Name}' of BPF object '{Name}' is a {program.SectionName} program, not {wanted} program.", Errno.EINVAL);

    private static string List(IEnumerable<string> names)
    {
        string joined = string.Join(", ", names.Order(StringComparer.Ordinal));
        return joined.Length == 0 ? "(none)" : joined;
    }
}
