using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// The global variables of a loaded object, read and written in place: each section's map is
/// memory-mapped (kernel 5.5), so a read sees what BPF programs wrote last and a write is seen by
/// their next run. Constants (<c>.rodata</c>) are read-only here; set them before load with
/// <see cref="BpfLoadOptions.Constants"/>. Reads and writes do not allocate.
/// </summary>
public sealed unsafe class BpfGlobals : IDisposable
{
    private const uint MmapableFlag = 0x400; // BPF_F_MMAPABLE
    private const uint ReadOnlyProgramFlag = 0x80; // BPF_F_RDONLY_PROG

    private readonly Dictionary<string, (BpfGlobalVariable Variable, MappedSection? Section)> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BpfException> _unmappable = new(StringComparer.Ordinal);
    private readonly List<MappedSection> _sections = [];

    internal BpfGlobals(string objectName, IReadOnlyList<BpfGlobalVariable> variables, Func<string, BpfMapHandle?> mapOfSection)
    {
        ObjectName = objectName;
        Variables = variables;
        try
        {
            foreach (IGrouping<string, BpfGlobalVariable> group in variables.GroupBy(v => v.Section))
            {
                BpfMapHandle? map = mapOfSection(group.Key);
                if (map is null)
                    continue;
                MappedSection? section = null;
                try
                {
                    section = MappedSection.Map(map, group.Key, objectName);
                    _sections.Add(section);
                }
                catch (BpfException error)
                {
                    // The object is usable without its globals; say why only when one is used.
                    _unmappable[group.Key] = error;
                }
                foreach (BpfGlobalVariable variable in group)
                    _byName[variable.Name] = (variable, section);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The object's name.</summary>
    public string ObjectName { get; }

    /// <summary>Every global variable the object's BTF describes.</summary>
    public IReadOnlyList<BpfGlobalVariable> Variables { get; }

    /// <summary>Whether the object has a global variable with this name.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Reads the current value of a global.</summary>
    /// <exception cref="BpfException">No such global, or <typeparamref name="T"/> has another size.</exception>
    public T Read<T>(string name) where T : unmanaged
    {
        (BpfGlobalVariable variable, MappedSection section) = Resolve<T>(name);
        using SectionLease lease = section.Lease();
        return Unsafe.ReadUnaligned<T>(lease.Address + variable.Offset);
    }

    /// <summary>Writes a global; BPF programs see the value on their next run.</summary>
    /// <exception cref="BpfException">No such global, a constant, or <typeparamref name="T"/> has another size.</exception>
    public void Write<T>(string name, T value) where T : unmanaged
    {
        (BpfGlobalVariable variable, MappedSection section) = Resolve<T>(name);
        if (section.ReadOnly)
            throw new BpfException($"Global '{name}' of BPF object '{ObjectName}' is a constant: set it before load through BpfLoadOptions.Constants.", Errno.EPERM);
        using SectionLease lease = section.Lease();
        Unsafe.WriteUnaligned(lease.Address + variable.Offset, value);
    }

    /// <summary>Unmaps the sections.</summary>
    public void Dispose()
    {
        foreach (MappedSection section in _sections)
            section.Dispose();
    }

    private (BpfGlobalVariable, MappedSection) Resolve<T>(string name) where T : unmanaged
    {
        if (!_byName.TryGetValue(name, out (BpfGlobalVariable Variable, MappedSection? Section) entry))
            throw new BpfException($"BPF object '{ObjectName}' has no global variable named '{name}'; its globals are: {(Variables.Count == 0 ? "(none)" : string.Join(", ", Variables.Select(v => v.Name).Order(StringComparer.Ordinal)))}.", Errno.ENOENT);
        if (entry.Variable.Size != sizeof(T))
            throw new BpfException($"Global '{name}' of BPF object '{ObjectName}' is {entry.Variable.Size} bytes, but {typeof(T).Name} is {sizeof(T)}: use the variable's type.", Errno.EINVAL);
        return (entry.Variable, entry.Section ?? throw _unmappable[entry.Variable.Section]);
    }

    /// <summary>One section's map, memory-mapped; unmapped when the last user lets go.</summary>
    private sealed class MappedSection : SafeHandle
    {
        private readonly nuint _length;

        private MappedSection(byte* address, nuint length, bool readOnly) : base(0, ownsHandle: true)
        {
            SetHandle((nint)address);
            _length = length;
            ReadOnly = readOnly;
        }

        internal bool ReadOnly { get; }

        public override bool IsInvalid => handle == 0;

        internal static MappedSection Map(BpfMapHandle map, string section, string objectName)
        {
            if ((map.Flags & MmapableFlag) == 0)
                throw new BpfException($"Section '{section}' of BPF object '{objectName}' cannot be memory-mapped (kernel 5.5 or newer is needed for global variables).", Errno.EOPNOTSUPP);
            // Frozen sections (.rodata, .kconfig) can only be mapped for reading.
            bool readOnly = (map.Flags & ReadOnlyProgramFlag) != 0;
            nuint length = (nuint)((map.ValueSize + Environment.SystemPageSize - 1) / Environment.SystemPageSize * Environment.SystemPageSize);
            using Lease lease = map.Lease();
            int protection = readOnly ? LibC.ProtRead : LibC.ProtRead | LibC.ProtWrite;
            void* address = LibC.mmap(null, length, protection, LibC.MapShared, lease.Fd, 0);
            if (address == (void*)-1)
                throw BpfErrors.FromErrno(Marshal.GetLastPInvokeError(), $"Mapping section '{section}' of BPF object '{objectName}' into memory");
            return new MappedSection((byte*)address, length, readOnly);
        }

        internal SectionLease Lease() => new(this);

        protected override bool ReleaseHandle() => LibC.munmap((void*)handle, _length) == 0;
    }

    /// <summary>Keeps a section mapped while a read or write uses it.</summary>
    private readonly ref struct SectionLease
    {
        private readonly SafeHandle _owner;

        internal SectionLease(SafeHandle owner)
        {
            bool added = false;
            owner.DangerousAddRef(ref added);
            _owner = owner;
            Address = (byte*)owner.DangerousGetHandle();
        }

        internal byte* Address { get; }

        public void Dispose() => _owner.DangerousRelease();
    }
}
