using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using CodeFirstBpf.Cli.Output;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Cli.Commands;

/// <summary>
/// <c>cfbpf load</c>, <c>attach</c>, <c>detach</c>: put a program class into the kernel so that it
/// outlives the command — programs and maps pinned under a bpffs directory, or a program attached
/// to an interface through a pinned BPF link.
/// </summary>
internal static class AttachCommands
{
    public static Command Load()
    {
        var assembly = ObjectCommands.AssemblyArgument();
        var className = new Argument<string>("class") { Description = "The program class." };
        var pinDir = new Option<string>("--pin-dir") { Description = "A bpffs directory (created) for the programs and maps, e.g. /sys/fs/bpf/myapp.", Required = true };
        var command = new Command("load", "Loads a program class and pins its programs and maps under a bpffs directory.") { assembly, className, pinDir };
        command.SetAction(r =>
        {
            var c = ObjectCommands.FindClass(r.GetValue(assembly)!, r.GetValue(className)!);
            string dir = r.GetValue(pinDir)!;
            Directory.CreateDirectory(dir);
            using var obj = BpfObject.Load(c.Elf, c.Name);
            var rows = new List<IReadOnlyList<string>>();
            foreach (var p in obj.Programs)
            {
                string path = Path.Combine(dir, p.Name);
                p.Pin(path);
                rows.Add(new[] { "program", p.Name, p.Id.ToString(CultureInfo.InvariantCulture), path });
            }
            foreach (var m in obj.Maps)
            {
                if (m.PinPath != null) { rows.Add(new[] { "map", m.Name, m.Id.ToString(CultureInfo.InvariantCulture), m.PinPath }); continue; }
                // bpffs refuses names with a dot, so the object's global sections (CliProbe.rodata) pin as CliProbe_rodata.
                string path = Path.Combine(dir, m.Name.Replace('.', '_'));
                m.Pin(path);
                rows.Add(new[] { "map", m.Name, m.Id.ToString(CultureInfo.InvariantCulture), path });
            }
            Render.Table($"{c.Name} loaded; it stays until the pins are removed (rm -r {dir})", new[] { "what", "name", "id", "pinned at" }, rows, json: false);
            return 0;
        });
        return command;
    }

    public static Command Attach()
    {
        var assembly = ObjectCommands.AssemblyArgument();
        var target = new Argument<string>("program") { Description = "Class.Program, e.g. IcmpFilter.DropIcmp." };
        var iface = new Option<string?>("--interface", "-i") { Description = "XDP and TC programs: the network interface." };
        var cgroup = new Option<string?>("--cgroup") { Description = "cgroup skb, cgroup sockaddr and sockops programs: a cgroup v2 directory, e.g. /sys/fs/cgroup/unified/myapp." };
        var netns = new Option<string?>("--netns") { Description = "sk_lookup programs: a network namespace file, e.g. /proc/self/ns/net or /run/netns/NAME." };
        var pin = new Option<string>("--pin") { Description = "Where to pin the link on bpffs (e.g. /sys/fs/bpf/drop-icmp-eth0); the program stays attached until 'cfbpf detach' removes it.", Required = true };
        var direction = new Option<TcDirection>("--direction") { Description = "TC programs: ingress or egress.", DefaultValueFactory = _ => TcDirection.Ingress };
        var mode = new Option<XdpMode>("--xdp-mode") { Description = "XDP programs: Generic, Native or Offload.", DefaultValueFactory = _ => XdpMode.Generic };
        var command = new Command("attach", "Attaches a program to an interface, a cgroup or a network namespace through a pinned BPF link that outlives the command.")
            { assembly, target, iface, cgroup, netns, pin, direction, mode };
        command.SetAction(r =>
        {
            var (c, programName) = ObjectCommands.FindProgram(r.GetValue(assembly)!, r.GetValue(target)!);
            string path = r.GetValue(pin)!;
            using var obj = BpfObject.Load(c.Elf, c.Name);
            BpfProgram program = obj.GetProgram(programName);
            var given = new (string Option, string? Value)[] { ("--interface", r.GetValue(iface)), ("--cgroup", r.GetValue(cgroup)), ("--netns", r.GetValue(netns)) };
            string Target(string option) => given.Single(g => g.Option == option).Value
                ?? throw new ArgumentException($"'{program.Name}' is a {program.SectionName} program: give {option}");
            (string option, string kind) = program switch
            {
                XdpProgram or TcProgram => ("--interface", "interface"),
                CgroupProgram => ("--cgroup", "cgroup"),
                SkLookupProgram => ("--netns", "netns"),
                SocketFilterProgram => throw new ArgumentException(
                    $"'{program.Name}' is a socket filter, which attaches to a socket of the process that owns it, so a command cannot attach it: call AttachSocket(socket) in that process"),
                _ => throw new ArgumentException($"'{program.Name}' is a {program.SectionName} program, which attach does not take"),
            };
            if (given.FirstOrDefault(g => g.Value != null && g.Option != option) is { Option: { } wrong })
                throw new ArgumentException($"'{program.Name}' is a {program.SectionName} program, which attaches with {option}, not {wrong}");
            string at = Target(option);
            // A link holds its program, and the program its maps: the pin keeps all of them after this process exits.
            (string ProgramName, uint ProgramId, string Link) attached = program switch
            {
                XdpProgram x => Pinned(x.AttachXdp(at, r.GetValue(mode)), path),
                TcProgram tc => Pinned(tc.AttachTc(at, r.GetValue(direction), mode: TcAttachMode.Tcx), path),
                CgroupProgram cg => Pinned(cg.AttachCgroup(at), path),
                SkLookupProgram sk => Pinned(sk.AttachSkLookup(at), path),
                _ => throw new InvalidOperationException(program.SectionName),
            };
            Render.Table(null, new[] { "program", "id", kind, "link", "pinned at" },
                new[] { (IReadOnlyList<string>)new[] { attached.ProgramName, attached.ProgramId.ToString(CultureInfo.InvariantCulture), at, attached.Link, path } }, json: false);
            return 0;
        });
        return command;
    }

    private static (string, uint, string) Pinned(InterfaceLink link, string path)
    {
        using (link)
        {
            link.Pin(path);
            return (link.ProgramName, link.ProgramId, link.ToString() ?? "");
        }
    }

    private static (string, uint, string) Pinned(BpfLink link, string path)
    {
        using (link)
        {
            link.Pin(path);
            return (link.ProgramName, link.ProgramId, link.ToString() ?? "");
        }
    }

    public static Command Detach()
    {
        var pin = new Argument<string>("pin") { Description = "The link's pin path, as 'cfbpf attach --pin' took it." };
        var command = new Command("detach", "Detaches the program of a pinned link and removes the pin.") { pin };
        command.SetAction(r =>
        {
            PinnedLinks.Detach(r.GetValue(pin)!);
            Render.Line($"detached {r.GetValue(pin)}");
            return 0;
        });
        return command;
    }
}
