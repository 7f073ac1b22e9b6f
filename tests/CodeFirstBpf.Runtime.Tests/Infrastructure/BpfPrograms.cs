using System;
using System.Collections.Concurrent;
using System.IO;
using System.Runtime.InteropServices;

namespace CodeFirstBpf.Runtime.Tests.Infrastructure;

/// <summary>Compiles the C test programs in Bpf/ with clang once per run and hands out the ELF bytes.</summary>
internal static class BpfPrograms
{
    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> Compiled = new();
    private static readonly string OutputDirectory = CreateOutputDirectory();

    internal static string? Clang { get; } = Find("clang-14") ?? Find("clang");

    internal static byte[] Elf(string name) =>
        Compiled.GetOrAdd(name, n => new Lazy<byte[]>(() => Compile(n))).Value;

    internal static string ObjectPath(string name)
    {
        Elf(name);
        return Path.Combine(OutputDirectory, name + ".o");
    }

    internal static BpfObject Load(string name, BpfLoadOptions? options = null) => BpfObject.Load(Elf(name), name, options);

    private static byte[] Compile(string name)
    {
        string source = Path.Combine(AppContext.BaseDirectory, "Bpf", name + ".c");
        string output = Path.Combine(OutputDirectory, name + ".o");
        string multiarch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        Shell.Run(Clang ?? throw new InvalidOperationException("clang is not installed."),
            "-O2", "-g", "-target", "bpf", "-std=gnu2x", "-Wall", "-Werror", "-Wno-unused-function",
            $"-I/usr/include/{multiarch}", "-c", source, "-o", output);
        return File.ReadAllBytes(output);
    }

    private static string CreateOutputDirectory()
    {
        string directory = Directory.CreateTempSubdirectory("cfbrt-bpf-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
        return directory;
    }

    private static string? Find(string program)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            string candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
