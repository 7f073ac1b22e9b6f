using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace CodeFirstBpf.Tests.Support;

/// <summary>
/// Builds the C programs the tests and the bench compare against, with one command everywhere:
/// <c>clang -O2 -g -target bpf -mcpu=v3</c>. <c>-mcpu=v3</c> matches the generator's default
/// <c>BpfCpu</c>, so a comparison measures code generation, not instruction sets (clang-14
/// defaults to v1, whose lack of 32-bit jumps makes the verifier give up on the IPv4 option walk).
/// The warnings are errors so a twin cannot silently compute something else.
/// </summary>
internal static class ClangTwin
{
    /// <summary>The flags every C twin is built with, in order, before the include directories.</summary>
    public static readonly IReadOnlyList<string> Flags =
        ["-O2", "-g", "-target", "bpf", "-mcpu=v3", "-std=gnu2x", "-Wall", "-Werror", "-Wno-unused-function"];

    private static readonly ConcurrentDictionary<string, Lazy<string>> s_objects = new(StringComparer.Ordinal);
    private static readonly Lazy<string> s_outputDirectory = new(CreateOutputDirectory);

    /// <summary>
    /// The clang used unless one is named: <c>CFB_CLANG</c> when set, else clang-19 when installed,
    /// else clang-14 (preinstalled on the supported Debian); null when none is on PATH.
    /// </summary>
    public static string? Clang { get; } = Environment.GetEnvironmentVariable("CFB_CLANG") is { Length: > 0 } named
        ? named
        : Processes.IsInstalled("clang-19") ? "clang-19" : Processes.IsInstalled("clang-14") ? "clang-14" : null;

    /// <summary>The command line for <paramref name="clang"/>, as reports record it.</summary>
    public static string Describe(string clang) => clang + " " + string.Join(' ', Flags);

    /// <summary>The BPF object built from <paramref name="source"/>, compiled at most once per process and clang.</summary>
    /// <param name="source">Path of the .c file; its directory is on the include path.</param>
    /// <param name="clang">The clang to use; <see cref="Clang"/> when null.</param>
    /// <exception cref="InvalidOperationException">No clang, or the source does not compile; the message has clang's output.</exception>
    public static byte[] Compile(string source, string? clang = null) => File.ReadAllBytes(CompileToFile(source, clang));

    /// <summary>Like <see cref="Compile"/>, but the path of the object file (for tools such as bpftool).</summary>
    /// <exception cref="InvalidOperationException">No clang, or the source does not compile.</exception>
    public static string CompileToFile(string source, string? clang = null)
    {
        clang ??= Clang ?? throw new InvalidOperationException("No clang found: apt-get install clang-19 (or clang-14), or set CFB_CLANG.");
        string path = Path.GetFullPath(source);
        return s_objects.GetOrAdd(clang + "|" + path, _ => new Lazy<string>(() => Build(path, clang))).Value;
    }

    /// <summary>
    /// The whole argument list that builds <paramref name="source"/> into <paramref name="output"/>,
    /// for callers that must run clang themselves (the bench times it, so it cannot be cached).
    /// </summary>
    public static IReadOnlyList<string> Arguments(string source, string output)
    {
        var arguments = new List<string>(Flags) { "-I", Path.GetDirectoryName(Path.GetFullPath(source))! };
        // <linux/types.h> includes <asm/types.h>, which Debian keeps under the multiarch directory.
        string multiarch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        if (Directory.Exists("/usr/include/" + multiarch))
            arguments.AddRange(["-I", "/usr/include/" + multiarch]);
        arguments.AddRange(["-c", source, "-o", output]);
        return arguments;
    }

    private static string Build(string source, string clang)
    {
        if (!File.Exists(source))
            throw new FileNotFoundException($"C source '{source}' is not there.", source);
        string output = Path.Combine(s_outputDirectory.Value,
            $"{clang.Replace('/', '_')}-{Path.GetFileName(Path.GetDirectoryName(source))}-{Path.ChangeExtension(Path.GetFileName(source), ".o")}");
        IReadOnlyList<string> arguments = Arguments(source, output);

        ProcessResult result;
        try
        {
            result = Processes.Run(clang, arguments);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{clang} is needed to build the C twins (apt-get install clang-19 or clang-14, or set CFB_CLANG): {e.Message}", e);
        }
        if (!result.Succeeded)
            throw new InvalidOperationException($"{clang} failed on '{Path.GetFileName(source)}' (exit {result.ExitCode}):\n{result.Output}");
        return output;
    }

    private static string CreateOutputDirectory()
    {
        string directory = Directory.CreateTempSubdirectory($"cfb-ctwins-{Environment.ProcessId}-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        };
        return directory;
    }
}
