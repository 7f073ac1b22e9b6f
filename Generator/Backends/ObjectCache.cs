using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace CodeFirstBpf.Generator.Backends;

/// <summary>
/// Compiled objects on disk under obj/, keyed by a hash of the final IR, the CPU, the LLVM choice
/// and the generator build. Builds here run the generator in a fresh csc each time, so without
/// this every compile of a project would load LLVM and recompile every class; with it, LLVM runs
/// only for classes whose IR changed. The object is a pure function of the key, so a hit gives
/// the same bytes LLVM would.
/// </summary>
#pragma warning disable RS1035 // A cache under obj/ is the point: generators may not do I/O in the IDE, and this is off there (no BpfCacheDir).
internal static class ObjectCache
{
    private static readonly string s_generator = typeof(ObjectCache).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    public static string Key(string ir, string cpu, string? llvmLibrary)
    {
        using var sha = SHA256.Create();
        byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(s_generator + "\n" + cpu + "\n" + (llvmLibrary ?? "") + "\n" + ir));
        var sb = new StringBuilder(hash.Length * 2);
        foreach (byte b in hash) sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    public static byte[]? TryRead(string directory, string key)
    {
        try
        {
            string path = Path.Combine(directory, key + ".o");
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static void Write(string directory, string key, byte[] elf)
    {
        try
        {
            Directory.CreateDirectory(directory);
            // Write then rename, so a parallel build never reads half a file.
            string temp = Path.Combine(directory, key + "." + Guid.NewGuid().ToString("N") + ".tmp");
            File.WriteAllBytes(temp, elf);
            string target = Path.Combine(directory, key + ".o");
            if (File.Exists(target)) File.Delete(temp);
            else File.Move(temp, target);
        }
        catch (IOException)
        {
            // A cache is a convenience; never fail the build over it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
#pragma warning restore RS1035
