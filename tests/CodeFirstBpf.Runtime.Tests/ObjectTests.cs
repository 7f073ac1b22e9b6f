using System;
using System.Linq;
using CodeFirstBpf.Runtime.Tests.Infrastructure;
using Xunit;

namespace CodeFirstBpf.Runtime.Tests;

public sealed class ObjectTests
{
    [SkippableFact]
    public void Load_lists_programs_and_maps_by_their_full_ELF_names()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("maps");

        Assert.Equal("maps", obj.Name);
        Assert.Contains(obj.Programs, p => p.Name == "xdp_percpu_array" && p is XdpProgram);
        Assert.All(obj.Programs, p => Assert.True(p.Fd > 0 && p.Id > 0));
        Assert.Equal(
            ["array_in", "array_out", "hash_in", "hash_out", "lru_in", "lru_out", "lru_percpu_in", "lru_percpu_out",
             "percpu_array_in", "percpu_array_out", "percpu_hash_in", "percpu_hash_out"],
            obj.Maps.Select(m => m.Name).Order(StringComparer.Ordinal));
        BpfMapHandle map = obj.GetMap("percpu_hash_in");
        Assert.Equal(BpfMapType.PerCpuHash, map.MapType);
        Assert.Equal((uint)BpfMapType.PerCpuHash, map.Type);
        Assert.Equal((4u, 4u, 64u), (map.KeySize, map.ValueSize, map.MaxEntries));
        Assert.True(map.IsPerCpu);
        Assert.Equal(8 * Cpus.Possible, map.ValueBufferSize);
        Assert.Equal(Cpus.Possible, new PerCpuHashMap<uint, uint>(map).CpuCount);
    }

    [SkippableFact]
    public void Program_info_matches_what_bpftool_reports()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("rewrite");
        XdpProgram program = obj.GetXdpProgram("xdp_swap_macs");

        BpfProgramInfo info = program.GetInfo();

        using var json = System.Text.Json.JsonDocument.Parse(Processes.Ok("bpftool", ["-j", "prog", "show", "id", program.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        Assert.Equal(program.Id, info.Id);
        Assert.Equal(json.RootElement.GetProperty("tag").GetString(), info.Tag);
        Assert.Equal(json.RootElement.GetProperty("bytes_xlated").GetUInt32() / 8, info.XlatedInstructions);
        Assert.True(info.XlatedInstructions > 5);
        Assert.True(info.VerifiedInstructions > 0);
        Assert.Equal(json.RootElement.GetProperty("bytes_jited").GetUInt32(), info.JitedBytes);
    }

    [SkippableFact]
    public void Unknown_names_and_wrong_program_kinds_give_clear_errors()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("rewrite");

        var missing = Assert.Throws<BpfException>(() => obj.GetXdpProgram("xdp_nope"));
        Assert.Equal("BPF object 'rewrite' has no program named 'xdp_nope'; its programs are: tc_clamp_ttl, xdp_drop_everything, xdp_swap_macs.", missing.Message);
        var kind = Assert.Throws<BpfException>(() => obj.GetTcProgram("xdp_swap_macs"));
        Assert.Equal("Program 'xdp_swap_macs' of BPF object 'rewrite' is a xdp program, not a TC program.", kind.Message);
        Assert.Throws<BpfException>(() => obj.GetXdpProgram("tc_clamp_ttl"));
        var map = Assert.Throws<BpfException>(() => obj.GetMap("nothing"));
        Assert.Equal("BPF object 'rewrite' has no map named 'nothing'; its maps are: (none).", map.Message);
    }

    [SkippableFact]
    public void Disposing_the_object_closes_its_descriptors()
    {
        Kernel.Require();
        BpfObject obj = BpfPrograms.Load("maps");
        var array = new ArrayMap<ulong>(obj, "array_in");
        XdpProgram program = obj.GetXdpProgram("xdp_array");
        obj.Dispose();

        Assert.Throws<ObjectDisposedException>(() => array[0]);
        Assert.Throws<ObjectDisposedException>(() => program.Fd);
        Assert.Throws<ObjectDisposedException>(() => program.TestRun(Packets.Arp()));
        Assert.Throws<ObjectDisposedException>(() => obj.GetMap("array_in"));
    }

    [SkippableFact]
    public void Garbage_is_not_an_ELF_object()
    {
        Kernel.Require();

        var error = Assert.Throws<BpfException>(() => BpfObject.Load(new byte[64], "garbage"));
        Assert.StartsWith("Opening BPF object 'garbage' failed: BPF object format invalid (libbpf: elf: 'garbage' is not a prope", error.Message);
        Assert.NotEqual(0, error.Errno);
    }

    [SkippableFact]
    public void A_BTF_loading_error_is_visible_in_the_load_warnings()
    {
        Kernel.Require();
        // Loading without BTF is opt-in (BpfLoadOptions.OnBtfRejected); BtfRejectionTests covers the default.
        using BpfObject obj = BpfPrograms.Load("bad_btf", new BpfLoadOptions { OnBtfRejected = BtfRejectedAction.Warn });

        Assert.True(obj.BtfRejected);
        Assert.Contains(obj.LoadWarnings, l => l.Contains("BTF loading error", StringComparison.Ordinal));
        Assert.Contains(BpfDiagnostics.RecentLibbpfMessages, l => l.Contains("Error loading .BTF", StringComparison.Ordinal));
        Assert.Equal(XdpAction.Pass, obj.GetXdpProgram("xdp_with_bad_btf").TestRun(Packets.Arp()).Action);

        using BpfObject clean = BpfPrograms.Load("rewrite");
        Assert.False(clean.BtfRejected);
    }

    [SkippableFact]
    public void Libbpf_messages_reach_subscribers()
    {
        Kernel.Require();
        var seen = new System.Collections.Generic.List<(LibbpfLogLevel, string)>();
        void Handler(LibbpfLogLevel level, string line) => seen.Add((level, line));
        BpfDiagnostics.LibbpfMessage += Handler;
        BpfDiagnostics.IncludeDebugMessages = true;
        try
        {
            using BpfObject obj = BpfPrograms.Load("rewrite");
        }
        finally
        {
            BpfDiagnostics.LibbpfMessage -= Handler;
            BpfDiagnostics.IncludeDebugMessages = false;
        }
        Assert.Contains(seen, s => s.Item1 == LibbpfLogLevel.Debug && s.Item2.StartsWith("libbpf: ", StringComparison.Ordinal));
    }
}
