using System;
using System.CommandLine;
using System.Collections.Generic;
using System.Text.Json;
using CodeFirstBpf.Cli.Fleet;
using CodeFirstBpf.Cli.Output;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Cli.Commands;

/// <summary>
/// <c>cfbpf image build</c> and <c>image push</c>: a program class as a bpfman bytecode image (an
/// OCI image layout on disk), and that layout sent to a registry. Building loads nothing.
/// </summary>
internal static class ImageCommands
{
    public static Command Create() => new("image", "Build and push bpfman bytecode images (OCI) of program classes.") { Build(), Push() };

    private static Command Build()
    {
        var assembly = ObjectCommands.AssemblyArgument();
        var className = new Argument<string>("class") { Description = "The program class, e.g. IcmpFilter." };
        var tag = new Option<string>("--tag", "-t") { Description = "The image's reference or tag, e.g. registry:5000/fleet/icmpfilter:v1 (the layout records the tag).", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "The OCI layout directory to write (default: <Class>.oci)." };
        var arch = new Option<string>("--arch") { Description = "The platform architecture recorded in the image config.", DefaultValueFactory = _ => "amd64" };
        var command = new Command("build", "Writes an OCI image layout holding <Class>.o with bpfman's io.ebpf.programs/io.ebpf.maps labels; same class, same digest.") { assembly, className, tag, output, arch };
        command.SetAction(r =>
        {
            var c = ObjectCommands.FindClass(r.GetValue(assembly)!, r.GetValue(className)!);
            string tagName = TagOf(r.GetValue(tag)!);
            string dir = r.GetValue(output) ?? c.Name + ".oci";
            var image = BytecodeImage.Create(c.Elf, c.Name, r.GetValue(arch)!);
            BpfmanSupport.Require(c.Name, image.Programs, "a bytecode image");
            OciLayout.Write(dir, image, tagName);
            Render.Line($"{dir}:{tagName} {image.Digest}");
            Render.Line($"{BytecodeImage.ProgramsLabel}={Labels(image.Programs)} {BytecodeImage.MapsLabel}={Labels(image.Maps)}");
            return 0;
        });
        return command;
    }

    private static Command Push()
    {
        var layout = new Argument<string>("layout") { Description = "The OCI layout directory 'image build' wrote." };
        var reference = new Argument<string>("reference") { Description = "Where to push, e.g. registry:5000/fleet/icmpfilter:v1." };
        var registry = new RegistryArguments();
        var command = new Command("push", "Pushes the image of an OCI layout to a registry (OCI distribution API) and prints its digest.") { layout, reference };
        registry.AddTo(command);
        command.SetAction(r =>
        {
            var image = OciLayout.Read(r.GetValue(layout)!);
            var target = ImageReference.Parse(r.GetValue(reference)!);
            string digest = OciRegistry.Push(image, target, registry.Options(r));
            Render.Line($"{target.Registry}/{target.Repository}@{digest}");
            return 0;
        });
        return command;
    }

    /// <summary>The tag of a full reference, or the argument itself when it is only a tag.</summary>
    private static string TagOf(string value)
    {
        if (value.Contains('/')) return ImageReference.Parse(value).Tag ?? throw new ArgumentException($"--tag '{value}' pins a digest; give a tag, e.g. …:v1");
        if (value.Length == 0 || value.Length > 128 || value.StartsWith('.') || value.StartsWith('-') || value.AsSpan().IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") >= 0)
            throw new ArgumentException($"--tag '{value}' is neither a reference (registry/repository:tag) nor a tag (letters, digits, '_', '.', '-')");
        return value;
    }

    private static string Labels(IReadOnlyDictionary<string, string> entries) => JsonSerializer.Serialize(entries);
}
