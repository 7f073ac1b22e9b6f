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
/// Finds the program classes of an assembly through the explicit marker the generator emits:
/// <c>[assembly: BpfObject(typeof(P), programs, maps)]</c>, one per class; the object is the
/// class's <c>ElfBytes</c> property. Nothing is loaded into the kernel to list or export.
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
        foreach (var marker in assembly.GetCustomAttributesData().Where(a => a.AttributeType.FullName == "CodeFirstBpf.BpfObjectAttribute"))
        {
            var type = (Type)marker.ConstructorArguments[0].Value!;
            if (type.GetProperty("ElfBytes", BindingFlags.Public | BindingFlags.Static) is not { } elfProperty || elfProperty.PropertyType != typeof(ReadOnlySpan<byte>)) continue;
            var getter = (SpanGetter)Delegate.CreateDelegate(typeof(SpanGetter), elfProperty.GetGetMethod()!);
            found.Add(new ProgramClass(type, type.Name, getter().ToArray(), Pairs(marker.ConstructorArguments[1]), Pairs(marker.ConstructorArguments[2])));
        }
        return found.OrderBy(c => c.Type.FullName, StringComparer.Ordinal).ToList();
    }

    /// <summary>"Name:Kind" strings of the marker, as pairs.</summary>
    private static IReadOnlyList<(string, string)> Pairs(CustomAttributeTypedArgument array)
        => ((IEnumerable<CustomAttributeTypedArgument>)array.Value!)
            .Select(a => (string)a.Value!)
            .Select(s => (s[..s.IndexOf(':')], s[(s.IndexOf(':') + 1)..]))
            .ToList();
}
