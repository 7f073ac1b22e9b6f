using System;
using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime.Loading;

/// <summary>
/// Finds an object's global variables in its BTF (each DATASEC whose section libbpf made an
/// internal map of) and sets constants in the maps' initial images before load.
/// </summary>
internal static unsafe class GlobalSections
{
    internal static List<BpfGlobalVariable> Discover(nint obj)
    {
        var variables = new List<BpfGlobalVariable>();
        nint btf = LibBpf.bpf_object__btf(obj);
        if (btf == 0)
            return variables;
        uint count = LibBpf.btf__type_cnt(btf);
        for (uint id = 1; id < count; id++)
        {
            BtfType* type = LibBpf.btf__type_by_id(btf, id);
            if (type == null || type->Kind != BtfType.KindDatasec)
                continue;
            string section = ObjectLoader.FromUtf8z(LibBpf.btf__name_by_offset(btf, type->NameOffset)) ?? "";
            if (LibBpf.bpf_object__find_map_by_name(obj, section) == 0)
                continue;
            var infos = (BtfVarSecinfo*)(type + 1);
            for (int i = 0; i < type->Vlen; i++)
            {
                BtfType* variable = LibBpf.btf__type_by_id(btf, infos[i].Type);
                if (variable == null || variable->Kind != BtfType.KindVar)
                    continue;
                string name = ObjectLoader.FromUtf8z(LibBpf.btf__name_by_offset(btf, variable->NameOffset)) ?? "";
                variables.Add(new BpfGlobalVariable(name, section, infos[i].Offset, infos[i].Size));
            }
        }
        return variables;
    }

    /// <summary>Writes each constant into its section's initial image; call between open and load.</summary>
    internal static void ApplyConstants(nint obj, string objectName, IReadOnlyDictionary<string, byte[]> constants)
    {
        if (constants.Count == 0)
            return;
        List<BpfGlobalVariable> variables = Discover(obj);
        foreach (IGrouping<string, KeyValuePair<string, byte[]>> section in constants.GroupBy(c => Find(variables, objectName, c.Key).Section))
        {
            nint map = LibBpf.bpf_object__find_map_by_name(obj, section.Key);
            nuint size;
            byte* initial = (byte*)LibBpf.bpf_map__initial_value(map, &size);
            if (initial == null)
                throw new BpfException($"Section '{section.Key}' of BPF object '{objectName}' has no initial image to set constants in.", Errno.EINVAL);
            byte[] image = new ReadOnlySpan<byte>(initial, (int)size).ToArray();
            foreach ((string name, byte[] value) in section)
            {
                BpfGlobalVariable variable = Find(variables, objectName, name);
                if (value.Length != variable.Size)
                    throw new BpfException($"Global '{name}' of BPF object '{objectName}' is {variable.Size} bytes, but its value has {value.Length}: pass a value of the variable's type.", Errno.EINVAL);
                value.CopyTo(image.AsSpan((int)variable.Offset));
            }
            fixed (byte* data = image)
            {
                int error = LibBpf.bpf_map__set_initial_value(map, data, (nuint)image.Length);
                if (error < 0)
                    throw BpfErrors.FromErrno(error, $"Setting the constants of section '{section.Key}' of BPF object '{objectName}'");
            }
        }
    }

    private static BpfGlobalVariable Find(List<BpfGlobalVariable> variables, string objectName, string name) =>
        variables.Find(v => v.Name == name)
        ?? throw new BpfException($"BPF object '{objectName}' has no global variable named '{name}'; its globals are: {(variables.Count == 0 ? "(none)" : string.Join(", ", variables.Select(v => v.Name).Order(StringComparer.Ordinal)))}.", Errno.ENOENT);
}
