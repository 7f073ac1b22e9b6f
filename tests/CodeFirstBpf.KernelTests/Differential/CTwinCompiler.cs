using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;

namespace CodeFirstBpf.KernelTests.Differential;

/// <summary>
/// Compiles the C twins with clang at test time, each at most once per test run. The command is
/// the reference one, <c>clang-14 -O2 -g -target bpf -c</c>, with <c>-mcpu=v3</c> to match the
/// generator's default <c>BpfCpu</c> (clang-14 defaults to v1, whose lack of 32-bit jumps makes
/// the verifier give up on the IPv4 option walk). <c>CFB_CLANG</c> names another clang.
/// </summary>
public static class CTwinCompiler
{
    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> cache = new(StringComparer.Ordinal);
    private static readonly Lazy<string> outputDirectory = new(() =>
        Directory.CreateTempSubdirectory($"cfb-ctwins-{Environment.ProcessId}-").FullName);

    /// <summary>The clang used.</summary>
    public static string Clang => Environment.GetEnvironmentVariable("CFB_CLANG") is { Length: > 0 } c ? c : "clang-14";

    /// <summary>The directory holding the C twins next to the test binaries.</summary>
    public static string SourceDirectory => Path.Combine(AppContext.BaseDirectory, "CTwins");

    /// <summary>The BPF object compiled from <paramref name="twin"/> (a file name in <see cref="SourceDirectory"/>).</summary>
    /// <exception cref="InvalidOperationException">clang is missing or the twin does not compile; the message has clang's output.</exception>
    public static byte[] Compile(string twin) => Compile(twin, Clang);

    /// <summary>Compiles with a given clang (the benchmarks compare clang-14 and clang-19 in one run).</summary>
    public static byte[] Compile(string twin, string clang)
        => cache.GetOrAdd(clang + "|" + twin, _ => new Lazy<byte[]>(() => Run(twin, clang))).Value;

    private static byte[] Run(string twin, string clang)
    {
        string source = Path.Combine(SourceDirectory, twin);
        if (!File.Exists(source)) throw new FileNotFoundException($"C twin '{twin}' is not next to the test binaries.", source);
        string output = Path.Combine(outputDirectory.Value, clang + "-" + Path.ChangeExtension(twin, ".o"));
        var start = new ProcessStartInfo(clang)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "-O2", "-g", "-target", "bpf", "-mcpu=v3", "-Wall", "-Werror", "-I", SourceDirectory })
            start.ArgumentList.Add(arg);
        // <linux/types.h> includes <asm/types.h>, which Debian keeps under the multiarch directory.
        foreach (string multiarch in new[] { "/usr/include/x86_64-linux-gnu", "/usr/include/aarch64-linux-gnu" })
        {
            if (!Directory.Exists(multiarch)) continue;
            start.ArgumentList.Add("-I");
            start.ArgumentList.Add(multiarch);
        }
        foreach (string arg in new[] { "-c", source, "-o", output }) start.ArgumentList.Add(arg);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {clang}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{clang} is needed to build the C twins (apt-get install clang-14, or set CFB_CLANG): {e.Message}", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{clang} failed on C twin '{twin}' (exit {process.ExitCode}):\n{stdout}{stderr.Result}");
        }
        return File.ReadAllBytes(output);
    }
}
