using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using CodeFirstBpf.Cli.Output;

namespace CodeFirstBpf.Cli.Commands;

/// <summary><c>cfbpf list</c> and <c>export</c>: what an assembly's program classes hold, and their objects on disk. Nothing is loaded.</summary>
internal static class ObjectCommands
{
    public static Argument<string> AssemblyArgument() => new("assembly") { Description = "The .dll built from your program classes." };

    public static Command List()
    {
        var assembly = AssemblyArgument();
        var json = Common.Json();
        var list = new Command("list", "The programs and maps of every program class in an assembly.") { assembly, json };
        list.SetAction(r =>
        {
            var rows = new List<IReadOnlyList<string>>();
            foreach (var c in AssemblyObjects.Find(r.GetValue(assembly)!))
            {
                foreach (var (name, kind) in c.Programs) rows.Add(new[] { c.Type.FullName ?? c.Name, "program", name, kind, c.Elf.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                foreach (var (name, kind) in c.Maps) rows.Add(new[] { c.Type.FullName ?? c.Name, "map", name, kind, "" });
            }
            Render.Table(null, new[] { "class", "what", "name", "kind", "ELF bytes" }, rows, r.GetValue(json));
            return 0;
        });
        return list;
    }

    public static Command Export()
    {
        var assembly = AssemblyArgument();
        var directory = new Argument<string>("directory") { Description = "Where to write <Class>.o files (created if missing)." };
        var export = new Command("export", "Writes each program class's BPF object as <Class>.o.") { assembly, directory };
        export.SetAction(r =>
        {
            string dir = r.GetValue(directory)!;
            Directory.CreateDirectory(dir);
            foreach (var c in AssemblyObjects.Find(r.GetValue(assembly)!))
            {
                string path = Path.Combine(dir, c.Name + ".o");
                File.WriteAllBytes(path, c.Elf);
                Render.Line(path);
            }
            return 0;
        });
        return export;
    }

    /// <summary>The class and program a user names as <c>Class.Program</c>.</summary>
    public static (ProgramClass Class, string Program) FindProgram(string assembly, string target)
    {
        int dot = target.LastIndexOf('.');
        if (dot <= 0) throw new ArgumentException($"name the program as Class.Program, not '{target}'");
        return (FindClass(assembly, target[..dot]), target[(dot + 1)..]);
    }

    /// <summary>The class named <c>Class</c> (or its full name) in an assembly.</summary>
    public static ProgramClass FindClass(string assembly, string className)
        => AssemblyObjects.Find(assembly).FirstOrDefault(x => x.Name == className || x.Type.FullName == className)
           ?? throw new ArgumentException($"no program class '{className}' in {assembly} (see 'cfbpf list {assembly}')");
}
