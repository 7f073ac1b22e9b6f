using System.Reflection;
using CodeFirstBpf.Runtime;
using CodeFirstBpf.Semantics.Tests.Harness;
using Dp = global::CodeFirstBpf;

namespace CodeFirstBpf.Semantics.Tests.Idioms;

/// <summary>
/// <c>flags:</c> on map constructors, end to end: every flag every kind takes reaches the kernel
/// (<c>bpf_map_info.map_flags</c>, read through the runtime) from the ELF the generator wrote, and
/// the flags do what the kernel says: <c>ReadOnlyUser</c>/<c>WriteOnlyUser</c> refuse userspace
/// writes/reads with EPERM, <c>ReadOnlyProgram</c>/<c>WriteOnlyProgram</c> make the verifier reject a
/// program write/read, and <c>NoCommonLru</c> gives each CPU its own share of an LRU map's entries.
/// </summary>
public class MapFlagTests
{
    /// <summary>Each map class, its declaration in a snippet, and its size argument.</summary>
    public static TheoryData<string, string> Kinds => new()
    {
        { "HashMap`2", "HashMap<uint, ulong>|64" }, { "PerCpuHashMap`2", "PerCpuHashMap<uint, ulong>|64" },
        { "LruHashMap`2", "LruHashMap<uint, ulong>|64" }, { "LruPerCpuHashMap`2", "LruPerCpuHashMap<uint, ulong>|64" },
        { "ArrayMap`1", "ArrayMap<ulong>|8" }, { "PerCpuArrayMap`1", "PerCpuArrayMap<ulong>|8" },
        { "LpmTrieMap`2", "LpmTrieMap<uint, ulong>|16" }, { "QueueMap`1", "QueueMap<ulong>|8" }, { "StackMap`1", "StackMap<ulong>|8" },
        { "PerfEventArrayMap`1", "PerfEventArrayMap<ulong>|2" }, { "ProgramArrayMap", "ProgramArrayMap|4" }, { "DevMap", "DevMap|4" },
        { "CpuMap", "CpuMap|1" }, { "XskMap", "XskMap|4" }, { "RingBufferMap`1", "RingBufferMap<ulong>|4096" },
        { "ArrayOfMaps`1", "ArrayOfMaps<ArrayMap<ulong>>|4, innerTemplate: new ArrayMap<ulong>(2)" },
        { "HashOfMaps`2", "HashOfMaps<uint, HashMap<uint, ulong>>|4, innerTemplate: new HashMap<uint, ulong>(2)" },
    };

    [SkippableTheory]
    [MemberData(nameof(Kinds))]
    public void Every_flag_a_kind_takes_reaches_the_kernel(string className, string declaration)
    {
        Kernel.Require();
        var type = typeof(Dp.BpfMap).Assembly.GetType("CodeFirstBpf." + className)!;
        MapFlags allowed = type.GetCustomAttribute<BpfMapKindAttribute>()!.Flags;
        var (decl, size) = (declaration.Split('|')[0], declaration.Split('|')[1]);
        var flags = Enum.GetValues<MapFlags>().Where(f => f != MapFlags.None && (allowed & f) != 0).ToList();
        string members = string.Join("\n", flags.Select((f, i) => $"static readonly {decl} M{i} = new({size}, flags: MapFlags.{f});"))
            + $"\nstatic readonly {decl} Plain = new({size});";
        using var s = SnippetCompiler.Compile(Snippets.Xdp("", members: members), "v3");
        Assert.True(s.Compiled && !s.Errors.Any(), s.Describe(withIr: false));
        BpfObject obj = s.LoadKernel();
        // What a map of the kind has without flags: the LPM trie's NoPrealloc (the kernel requires it,
        // the Dataplane sets it), a devmap's ReadOnlyProgram (the kernel adds it).
        MapFlags plain = obj.GetMap("Plain").MapFlags;
        Assert.Equal(className == "LpmTrieMap`2" ? MapFlags.NoPrealloc : className == "DevMap" ? MapFlags.ReadOnlyProgram : MapFlags.None, plain);
        for (int i = 0; i < flags.Count; i++)
            Assert.Equal(flags[i] | plain, obj.GetMap("M" + i).MapFlags);
    }

    private const string UserFlags = """
        static readonly HashMap<uint, ulong> ReadOnly = new(8, flags: MapFlags.ReadOnlyUser);
        static readonly HashMap<uint, ulong> WriteOnly = new(8, flags: MapFlags.WriteOnlyUser);
        """;

    [SkippableFact]
    public void ReadOnlyUser_and_WriteOnlyUser_refuse_userspace_with_EPERM_while_the_program_uses_both()
    {
        Kernel.Require();
        using var s = SnippetCompiler.Compile(Snippets.Xdp("""
            ReadOnly.Update(1, 11);
            WriteOnly.Update(2, 22);
            if (WriteOnly.TryGetValue(2, out ulong v)) Out.Update(0, v);
            """, members: UserFlags), "v3");
        BpfObject obj = s.LoadKernel();
        var readOnly = new Runtime.HashMap<uint, ulong>(obj, "ReadOnly");
        var writeOnly = new Runtime.HashMap<uint, ulong>(obj, "WriteOnly");
        obj.GetXdpProgram("Run").TestRun(new byte[64]);
        Assert.True(readOnly.TryGetValue(1, out ulong seen) && seen == 11);
        var refused = Assert.Throws<BpfException>(() => readOnly.Update(3, 33));
        Assert.Equal(1 /* EPERM */, refused.Errno);
        Assert.Contains("MapFlags.ReadOnlyUser", refused.Message);
        Assert.True(writeOnly.Update(4, 44));
        var unread = Assert.Throws<BpfException>(() => writeOnly.TryGetValue(4, out _));
        Assert.Equal(1 /* EPERM */, unread.Errno);
        Assert.Contains("MapFlags.WriteOnlyUser", unread.Message);
        Assert.Equal(22ul, new Runtime.ArrayMap<ulong>(obj, "Out")[0]);
    }

    [SkippableTheory]
    [InlineData("ReadOnlyProgram", "Counts.Update(0, 1);", true)]
    [InlineData("ReadOnlyProgram", "ulong* c = Counts.Lookup(0); if (c != null) *c = 5;", true)]
    [InlineData("ReadOnlyProgram", "ulong* c = Counts.Lookup(0); if (c != null) Out.Update(0, *c);", false)]
    [InlineData("WriteOnlyProgram", "ulong* c = Counts.Lookup(0); if (c != null) Out.Update(0, *c);", true)]
    [InlineData("WriteOnlyProgram", "Counts.Update(0, 1);", false)]
    public void Program_access_flags_are_enforced_by_the_verifier(string flag, string body, bool rejected)
    {
        Kernel.Require();
        using var s = SnippetCompiler.Compile(Snippets.Xdp(body, members: $"static readonly ArrayMap<ulong> Counts = new(4, flags: MapFlags.{flag});"), "v3");
        Assert.True(s.Compiled && !s.Errors.Any(), s.Describe(withIr: false));
        if (rejected)
        {
            var e = Assert.Throws<BpfVerifierException>(() => s.LoadKernel());
            Assert.Contains("map", e.Message);
        }
        else
        {
            s.LoadKernel();
        }
    }
}
