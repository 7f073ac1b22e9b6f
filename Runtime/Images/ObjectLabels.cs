using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using CodeFirstBpf.Runtime.Interop;
using CodeFirstBpf.Runtime.Loading;

namespace CodeFirstBpf.Runtime.Images;

/// <summary>
/// What a bytecode image's labels say about its object, read the way bpfman reads it: every
/// program by its ELF function name with its program type, every map the object declares (not
/// libbpf's internal .rodata/.data/.bss maps) with its map type. libbpf only opens the object —
/// nothing reaches the kernel, so building an image needs no privileges.
/// </summary>
internal static unsafe class ObjectLabels
{
    public static (SortedDictionary<string, string> Programs, SortedDictionary<string, string> Maps) Read(ReadOnlySpan<byte> elf, string objectName)
    {
        NativeLibraries.EnsureLibbpf();
        var programs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var maps = new SortedDictionary<string, string>(StringComparer.Ordinal);
        byte[] name = ObjectLoader.Utf8z(objectName);
        List<string> log = LibBpfLog.BeginCapture();
        nint obj = 0;
        try
        {
            fixed (byte* image = elf)
            fixed (byte* namePtr = name)
            {
                var opts = new BpfObjectOpenOpts { Size = (nuint)sizeof(BpfObjectOpenOpts), ObjectName = namePtr };
                obj = LibBpf.bpf_object__open_mem(image, (nuint)elf.Length, &opts);
                if (obj == 0)
                    throw BpfErrors.FromErrno(Marshal.GetLastPInvokeError(), $"Opening BPF object '{objectName}' to label its image", [.. log]);
            }
            for (nint prog = LibBpf.bpf_object__next_program(obj, 0); prog != 0; prog = LibBpf.bpf_object__next_program(obj, prog))
            {
                string program = ObjectLoader.FromUtf8z(LibBpf.bpf_program__name(prog))!;
                uint type = LibBpf.bpf_program__type(prog);
                programs[program] = BpfmanNames.ProgramType(type)
                    ?? throw new BpfException($"Program '{program}' of '{objectName}' has program type {type}, which bpfman has no name for; it cannot go into a bytecode image.", Errno.EINVAL);
            }
            for (nint map = LibBpf.bpf_object__next_map(obj, 0); map != 0; map = LibBpf.bpf_object__next_map(obj, map))
            {
                if (LibBpf.bpf_map__is_internal(map) != 0) continue;
                string mapName = ObjectLoader.FromUtf8z(LibBpf.bpf_map__name(map))!;
                uint type = LibBpf.bpf_map__type(map);
                maps[mapName] = BpfmanNames.MapType(type)
                    ?? throw new BpfException($"Map '{mapName}' of '{objectName}' has map type {type}, which bpfman has no name for; it cannot go into a bytecode image.", Errno.EINVAL);
            }
        }
        finally
        {
            if (obj != 0) LibBpf.bpf_object__close(obj);
            LibBpfLog.EndCapture();
        }
        if (programs.Count == 0)
            throw new BpfException($"'{objectName}' has no programs; a bytecode image needs at least one.", Errno.EINVAL);
        return (programs, maps);
    }
}
