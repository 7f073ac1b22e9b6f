using System;
using System.IO;

namespace CodeFirstBpf.Runtime.Tests.Infrastructure;

/// <summary>Builds the C test programs in Bpf/ with the shared clang-twin command once per run and hands out the ELF bytes.</summary>
internal static class BpfPrograms
{
    internal static byte[] Elf(string name) => File.ReadAllBytes(ObjectPath(name));

    internal static string ObjectPath(string name)
    {
        Kernel.RequireTools(ClangTwin.Clang ?? "clang-14");
        return ClangTwin.CompileToFile(Path.Combine(AppContext.BaseDirectory, "Bpf", name + ".c"));
    }

    internal static BpfObject Load(string name, BpfLoadOptions? options = null) => BpfObject.Load(Elf(name), name, options);
}
