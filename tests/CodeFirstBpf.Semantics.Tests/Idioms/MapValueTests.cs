using System.Reflection;
using CodeFirstBpf.Runtime;
using CodeFirstBpf.Semantics.Tests.Harness;
using Dp = global::CodeFirstBpf;

namespace CodeFirstBpf.Semantics.Tests.Idioms;

/// <summary>
/// Maps as values and maps of maps (SPEC §7.1), kernel against .NET. A map is passed to an inlined
/// and to a <c>NoInlining</c> helper, held in a local, chosen with <c>?:</c> and <c>??</c>; an
/// <c>ArrayOfMaps</c> and a <c>HashOfMaps</c> are filled from userspace (through the generated
/// accessors, with inner maps made from the template) and from .NET with the same inner maps, then
/// the same frames run through both; every inner map and plain map must end up equal.
/// </summary>
public class MapValueTests
{
    private const string Members = """
        static readonly ArrayOfMaps<ArrayMap<ulong>> Tenants = new(maxEntries: 4, innerTemplate: new ArrayMap<ulong>(8));
        static readonly HashOfMaps<uint, HashMap<uint, ulong>> ByPort = new(maxEntries: 8, innerTemplate: new HashMap<uint, ulong>(16));
        static readonly ArrayMap<ulong> Fallback = new(8);
        static readonly ArrayMap<ulong> Other = new(8);

        static void Add(ArrayMap<ulong> m, uint i, ulong by)
        {
            ulong* v = m.Lookup(i);
            if (v != null) *v += by;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        static ulong Bump(ArrayMap<ulong> m, uint i)
        {
            ulong* v = m.Lookup(i & 7);
            if (v == null) return 0;
            *v += 1;
            return *v;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        static ArrayMap<ulong> Pick(uint b) => b > 100 ? Fallback : Other;

        static void Count(HashMap<uint, ulong> h, uint key)
        {
            ulong* v = h.Lookup(key);
            if (v != null) *v += 1;
            else h.Update(key, 1);
        }
        """;

    private const string Body = """
        ArrayMap<ulong> tenant = Tenants.Lookup(d[0] & 3u) ?? Fallback;
        Out.Update(0, Bump(tenant, d[1]));
        Add(d[4] > 127 ? Fallback : Other, d[5] & 7u, d[6]);
        ArrayMap<ulong> chosen = Other;
        if (d[7] == 1) chosen = Fallback;
        Add(chosen, 7, 1);
        Add(Pick(d[9]), 6, 1);
        var perPort = ByPort.Lookup(d[2] & 7u);
        if (perPort != null) Count(perPort, d[3] & 15u);
        else Out.Update(1, 1);
        var slot = Tenants.Lookup(d[8] & 3u);
        if (slot is null) return XdpAction.Drop;
        """;

    private static readonly uint[] s_tenantSlots = [0, 2];
    private static readonly uint[] s_ports = [1, 5, 6];

    [SkippableFact]
    public void Maps_as_values_and_maps_of_maps_agree_with_dotnet()
    {
        Kernel.Require();
        using var s = SnippetCompiler.Compile(Snippets.Xdp(Body, members: Members), "v3");
        Assert.True(s.Compiled && !s.Errors.Any(), s.Describe());
        Type type = s.ProgramType();

        // The kernel side, through the generated accessors: inner maps made from the template the C# declares.
        using var loaded = (IDisposable)type.GetMethod("Load")!.Invoke(null, [null])!;
        object maps = loaded.GetType().GetProperty("Maps")!.GetValue(loaded)!;
        var tenants = (Runtime.ArrayOfMaps<Runtime.ArrayMap<ulong>>)maps.GetType().GetProperty("Tenants")!.GetValue(maps)!;
        var byPort = (Runtime.HashOfMaps<uint, Runtime.HashMap<uint, ulong>>)maps.GetType().GetProperty("ByPort")!.GetValue(maps)!;
        Assert.Equal(new BpfMapSpec(BpfMapType.Array, 4, 8, 8), tenants.InnerTemplate);
        Assert.Equal(new BpfMapSpec(BpfMapType.Hash, 4, 8, 16), byPort.InnerTemplate);
        var kernelTenants = s_tenantSlots.ToDictionary(i => i, i => tenants.CreateInner("tenant" + i));
        var kernelPorts = s_ports.ToDictionary(p => p, p => byPort.CreateInner("port" + p));
        try
        {
            foreach (var (i, m) in kernelTenants) tenants.Set(i, m);
            foreach (var (p, m) in kernelPorts) byPort.Set(p, m);

            // The .NET side: the same shape of inner maps, set into the in-memory maps of maps.
            var dotnetTenants = s_tenantSlots.ToDictionary(i => i, _ => new Dp.ArrayMap<ulong>(8));
            var dotnetPorts = s_ports.ToDictionary(p => p, _ => new Dp.HashMap<uint, ulong>(16));
            var dnTenants = (Dp.ArrayOfMaps<Dp.ArrayMap<ulong>>)Field(type, "Tenants");
            var dnByPort = (Dp.HashOfMaps<uint, Dp.HashMap<uint, ulong>>)Field(type, "ByPort");
            foreach (var name in new[] { "Out", "Fallback", "Other" }) ((Dp.BpfMap)Field(type, name)).Reset();
            foreach (var (i, m) in dotnetTenants) dnTenants.Set(i, m);
            foreach (var (p, m) in dotnetPorts) dnByPort.Set(p, m);

            XdpProgram program = LoadedObject(loaded).GetXdpProgram("Run");
            var run = type.GetMethod("Run")!.CreateDelegate<Func<Dp.XdpContext, Dp.XdpAction>>();
            var random = new Random(20261207);
            int drops = 0;
            for (int n = 0; n < 300; n++)
            {
                var frame = new byte[64];
                random.NextBytes(frame);
                if (n % 5 == 0) frame[7] = 1;
                var k = program.TestRun(frame);
                using var ctx = Dp.Testing.XdpTestContext.FromPacket(frame);
                Dp.XdpAction d = run(ctx);
                Assert.Equal((int)d, (int)k.Action);
                if (d == Dp.XdpAction.Drop) drops++;
            }
            Assert.InRange(drops, 1, 299); // both the empty-slot and the filled-slot paths ran

            foreach (var (i, m) in kernelTenants)
                Assert.Equal(dotnetTenants[i].RawEntries().Select(e => BitConverter.ToUInt64(e.Value)), m.ToArray());
            foreach (var (p, m) in kernelPorts)
                Assert.Equal(Sorted(dotnetPorts[p].RawEntries().Select(e => (BitConverter.ToUInt32(e.Key), BitConverter.ToUInt64(e.Value)))),
                    Sorted(m.Select(e => (e.Key, e.Value))));
            Assert.True(kernelPorts.Values.Sum(m => m.Count()) > 0, "no frame reached a per-port inner map");
            foreach (var name in new[] { "Out", "Fallback", "Other" })
                Assert.Equal(MapValues.DotNet(type, name) ?? new ulong[((Dp.BpfMap)Field(type, name)).MaxEntries], MapValues.Kernel(LoadedObject(loaded), name));
        }
        finally
        {
            foreach (var m in kernelTenants.Values) m.Handle.Dispose();
            foreach (var m in kernelPorts.Values) m.Handle.Dispose();
        }
    }

    [SkippableFact]
    public void Differential_run_leaves_a_map_of_maps_out_instead_of_comparing_kernel_ids()
    {
        Kernel.Require();
        using var s = SnippetCompiler.Compile(Snippets.Xdp("var t = Tenants.Lookup(0); if (t != null) t.Update(1, 5);", members: Members), "v3");
        Assert.True(s.Compiled && !s.Errors.Any(), s.Describe());
        BpfObject obj = s.LoadKernel();
        var tenants = new Runtime.ArrayOfMaps<Runtime.ArrayMap<ulong>>(obj, "Tenants", new BpfMapSpec(BpfMapType.Array, 4, 8, 8));
        using var inner = tenants.CreateInner("t0").Handle;
        tenants.Set(0, new Runtime.ArrayMap<ulong>(inner));
        Type type = s.ProgramType();
        var report = Differential.Run(obj, "Run", type, type.GetMethod("Run")!.CreateDelegate<Func<Dp.XdpContext, Dp.XdpAction>>(), [new byte[64]]);
        Assert.Contains("Tenants", report.MapsNotCompared);
        Assert.Contains("ByPort", report.MapsNotCompared);
        Assert.DoesNotContain(report.MapDifferences, d => d.ToString()!.Contains("Tenants", StringComparison.Ordinal));
        Assert.Equal(5ul, new Runtime.ArrayMap<ulong>(inner)[1]);
    }

    private static BpfObject LoadedObject(object loaded) => (BpfObject)loaded.GetType().GetProperty("Object")!.GetValue(loaded)!;

    private static object Field(Type type, string name)
        => type.GetField(name, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!.GetValue(null)!;

    private static List<(uint, ulong)> Sorted(IEnumerable<(uint, ulong)> entries) => entries.OrderBy(e => e.Item1).ToList();
}

/// <summary>
/// Every kind the facts table marks as an inner map works as one end to end: the generator writes
/// the template into the ELF (libbpf creates the outer map over it), the generated accessor's
/// template makes an inner map the kernel takes (<c>Set</c> fails with EINVAL when the two differ
/// in any of type, sizes, entries or flags), and the program finds it.
/// </summary>
public class InnerMapKindTests
{
    public static TheoryData<string> Templates => new()
    {
        "ArrayMap<ulong>(2)", "PerCpuArrayMap<ulong>(2)", "HashMap<uint, ulong>(4, flags: MapFlags.NoPrealloc)", "PerCpuHashMap<uint, ulong>(4)",
        "LruHashMap<uint, ulong>(4, flags: MapFlags.NoCommonLru)", "LruPerCpuHashMap<uint, ulong>(4)", "LpmTrieMap<uint, ulong>(4)",
        "QueueMap<ulong>(4)", "StackMap<ulong>(4)", "RingBufferMap<ulong>(4096)", "PerfEventArrayMap<ulong>(2)", "DevMap(2)", "CpuMap(1)", "XskMap(2)",
    };

    [SkippableTheory]
    [MemberData(nameof(Templates))]
    public void An_inner_map_made_from_the_generated_template_is_taken_by_the_kernel_and_found_by_the_program(string template)
    {
        Kernel.Require();
        string inner = template[..template.IndexOf('(')];
        string members = $"""
            static readonly ArrayOfMaps<{inner}> Slots = new(maxEntries: 2, innerTemplate: new {template});
            static readonly HashOfMaps<ushort, {inner}> Keyed = new(4, innerTemplate: new {template}, flags: MapFlags.NoPrealloc);
            """;
        using var s = SnippetCompiler.Compile(Snippets.Xdp("""
            if (Slots.Lookup(1) != null) Out.Update(0, 1);
            ushort k = 3;
            if (Keyed.Lookup(k) is { } found && found != null) Out.Update(1, 1);
            if (Slots.Lookup(0) is {{INNER}} none) Out.Update(2, 1);
            """.Replace("{{INNER}}", inner), members: members), "v3");
        Assert.True(s.Compiled && !s.Errors.Any(), s.Describe());
        Type type = s.ProgramType();
        using var loaded = (IDisposable)type.GetMethod("Load")!.Invoke(null, [null])!;
        object maps = loaded.GetType().GetProperty("Maps")!.GetValue(loaded)!;
        var obj = (BpfObject)loaded.GetType().GetProperty("Object")!.GetValue(loaded)!;
        var program = obj.GetXdpProgram("Run");
        var frame = new byte[64];
        Assert.Equal(0ul, RunAndRead(program, obj, frame, 0));

        var handles = new List<BpfMapHandle>();
        try
        {
            foreach (var (name, key) in new (string, object)[] { ("Slots", 1u), ("Keyed", (ushort)3) })
            {
                object outer = maps.GetType().GetProperty(name)!.GetValue(maps)!;
                var innerMap = (BpfTypedMap)outer.GetType().GetMethod("CreateInner")!.Invoke(outer, [name + "Inner"])!;
                handles.Add(innerMap.Handle);
                outer.GetType().GetMethod("Set")!.Invoke(outer, [key, innerMap]);
            }
            Assert.Equal(1ul, RunAndRead(program, obj, frame, 0));
            Assert.Equal(1ul, new Runtime.ArrayMap<ulong>(obj, "Out")[1]);
            Assert.Equal(0ul, new Runtime.ArrayMap<ulong>(obj, "Out")[2]); // `is T m` on an empty slot is false
        }
        finally
        {
            foreach (var h in handles) h.Dispose();
        }
    }

    private static ulong RunAndRead(XdpProgram program, BpfObject obj, byte[] frame, uint index)
    {
        program.TestRun(frame);
        return new Runtime.ArrayMap<ulong>(obj, "Out")[index];
    }
}
