using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

namespace CodeFirstBpf.Cli;

/// <summary>A program class found in a user assembly: its ELF bytes and the names the generator gave its programs and maps.</summary>
internal sealed record ProgramClass(Type Type, string Name, byte[] Elf, IReadOnlyList<(string Name, string Kind)> Programs, IReadOnlyList<(string Name, string Kind)> Maps);

/// <summary>
/// Finds the program classes of an assembly through what the generator emits: a static
/// <c>ElfBytes</c> property and the nested <c>Loaded.ProgramSet</c>/<c>Loaded.MapSet</c> types.
/// Nothing is loaded into the kernel to list or export.
/// </summary>
internal static class AssemblyObjects
{
    private delegate ReadOnlySpan<byte> SpanGetter();

    public static IReadOnlyList<ProgramClass> Find(string assemblyPath)
    {
        string full = Path.GetFullPath(assemblyPath);
        var context = new AssemblyLoadContext("cfbpf-" + Path.GetFileNameWithoutExtension(full), isCollectible: false);
        string dir = Path.GetDirectoryName(full)!;
        context.Resolving += (ctx, name) =>
        {
            string candidate = Path.Combine(dir, name.Name + ".dll");
            return File.Exists(candidate) ? ctx.LoadFromAssemblyPath(candidate) : null;
        };
        Assembly assembly = context.LoadFromAssemblyPath(full);
        var found = new List<ProgramClass>();
        foreach (Type t in assembly.GetTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (t.GetProperty("ElfBytes", BindingFlags.Public | BindingFlags.Static) is not { } elfProperty || elfProperty.PropertyType != typeof(ReadOnlySpan<byte>)) continue;
            var getter = (SpanGetter)Delegate.CreateDelegate(typeof(SpanGetter), elfProperty.GetGetMethod()!);
            Type? loaded = t.GetNestedType("Loaded");
            found.Add(new ProgramClass(t, t.Name, getter().ToArray(), Members(loaded?.GetNestedType("ProgramSet")), Members(loaded?.GetNestedType("MapSet"))));
        }
        return found;
    }

    private static IReadOnlyList<(string, string)> Members(Type? set)
        => set == null ? Array.Empty<(string, string)>()
            : set.GetProperties().Select(p => (p.Name, Kind(p.PropertyType))).ToList();

    private static string Kind(Type t) => t.IsGenericType
        ? t.Name[..t.Name.IndexOf('`')] + "<" + string.Join(", ", t.GetGenericArguments().Select(a => a.Name)) + ">"
        : t.Name;
}
