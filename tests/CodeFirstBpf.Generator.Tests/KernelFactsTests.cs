using System.Reflection;
using CodeFirstBpf.Runtime;
using Xunit;

namespace CodeFirstBpf.Generator.Tests;

/// <summary>
/// The kernel facts live once, as attributes on the Dataplane API (<c>Dataplane/Facts/KernelFacts.cs</c>).
/// These tests keep the API complete (every helper, map class and context field declares its fact)
/// and the runtime's public <see cref="BpfMapType"/> in step with the map kinds.
/// </summary>
public class KernelFactsTests
{
    private static readonly Assembly s_dataplane = typeof(XdpAction).Assembly;

    [Fact]
    public void Every_map_class_declares_its_kernel_type_and_the_runtime_enum_agrees()
    {
        var maps = s_dataplane.GetExportedTypes().Where(t => t.IsSealed && typeof(BpfMap).IsAssignableFrom(t)).ToList();
        Assert.True(maps.Count >= 15, "map classes: " + maps.Count);
        foreach (var t in maps)
        {
            var kind = t.GetCustomAttribute<BpfMapKindAttribute>();
            Assert.True(kind != null, t.Name + " has no [BpfMapKind]");
            string name = t.Name.Split('`')[0];
            string runtimeName = name is "DevMap" or "CpuMap" or "XskMap" or "SockMap" or "SockHash" or "ArrayOfMaps" or "HashOfMaps" ? name : name.Substring(0, name.Length - "Map".Length);
            Assert.True(Enum.TryParse<BpfMapType>(runtimeName, out var runtime), "no BpfMapType." + runtimeName);
            Assert.Equal((int)runtime, kind!.KernelType);
        }
    }

    /// <summary>The generated <c>Maps</c> accessors name <c>CodeFirstBpf.Runtime.&lt;Kind&gt;</c>: every map class has its runtime twin of the same name and arity.</summary>
    [Fact]
    public void Every_map_class_has_a_runtime_twin_of_the_same_name()
    {
        var runtime = typeof(BpfObject).Assembly.GetExportedTypes().Where(t => t.Namespace == "CodeFirstBpf.Runtime").Select(t => t.Name).ToHashSet();
        foreach (var t in s_dataplane.GetExportedTypes().Where(t => t.IsSealed && typeof(BpfMap).IsAssignableFrom(t)))
            Assert.True(runtime.Contains(t.Name), "no CodeFirstBpf.Runtime." + t.Name);
    }

    [Fact]
    public void Every_context_property_maps_to_a_kernel_field_in_offset_order_without_overlap()
    {
        foreach (var ctx in Contexts)
        {
            var info = ctx.GetCustomAttribute<BpfContextAttribute>();
            Assert.NotNull(info);
            var fields = ctx.GetProperties().Select(p => (p.Name, Fact: p.GetCustomAttribute<BpfContextFieldAttribute>())).ToList();
            Assert.All(fields, f => Assert.True(f.Fact != null, ctx.Name + "." + f.Name + " has no [BpfContextField]"));
            var ordered = fields.Select(f => f.Fact!).OrderBy(f => f.Offset).ToList();
            for (int i = 1; i < ordered.Count; i++)
                Assert.True(ordered[i - 1].Offset + 4 * ordered[i - 1].Count <= ordered[i].Offset, ctx.Name + ": " + ordered[i - 1].KernelName + " overlaps " + ordered[i].KernelName);
            Assert.True(ordered[^1].Offset + 4 * ordered[^1].Count <= info!.Size);
        }
    }

    /// <summary>
    /// The helpers after which the verifier forgets packet pointers: the kernel's
    /// <c>bpf_helper_changes_pkt_data</c> (net/core/filter.c, as of 6.18). The generator lets LLVM keep
    /// <c>data</c>/<c>data_end</c> in registers only in classes that call none of them, so a helper the
    /// table does not mark would be a wrong program.
    /// </summary>
    private static readonly int[] s_kernelChangesPacketData =
    [
        9 /* skb_store_bytes */, 10 /* l3_csum_replace */, 11 /* l4_csum_replace */, 12 /* tail_call */,
        13 /* clone_redirect */, 18 /* skb_vlan_push */, 19 /* skb_vlan_pop */, 31 /* skb_change_proto */,
        38 /* skb_change_tail */, 39 /* skb_pull_data */, 43 /* skb_change_head */, 44 /* xdp_adjust_head */,
        50 /* skb_adjust_room */, 54 /* xdp_adjust_meta */, 62 /* msg_pull_data */, 65 /* xdp_adjust_tail */,
        73 /* lwt_push_encap */, 74 /* lwt_seg6_store_bytes */, 75 /* lwt_seg6_adjust_srh */, 76 /* lwt_seg6_action */,
        90 /* msg_push_data */, 91 /* msg_pop_data */, 145 /* store_hdr_opt */,
    ];

    [Fact]
    public void Helpers_that_move_the_packet_are_marked_as_the_kernel_lists_them()
    {
        var helpers = s_dataplane.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Fact: m.GetCustomAttribute<BpfHelperAttribute>()))
            .Where(h => h.Fact != null).ToList();
        Assert.True(helpers.Count > 30, "helpers: " + helpers.Count);
        Assert.Contains(helpers, h => h.Fact!.ChangesPacketData);
        foreach (var (method, fact) in helpers)
            Assert.True(fact!.ChangesPacketData == s_kernelChangesPacketData.Contains(fact.Id),
                $"{method.DeclaringType!.Name}.{method.Name} (helper {fact.Id}): ChangesPacketData is {fact.ChangesPacketData}, the kernel says {s_kernelChangesPacketData.Contains(fact.Id)}");
    }

    [Fact]
    public void Every_helper_method_of_the_api_declares_its_helper_number()
    {
        var helpers = typeof(Bpf).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.DeclaringType == typeof(Bpf))
            .Concat(Contexts.SelectMany(c => c.GetMethods().Where(m => m.DeclaringType == c && !m.IsSpecialName && !m.IsStatic && m.Name is not ("Equals" or "GetHashCode" or "ToString"))));
        var missing = helpers.Where(m => m.GetCustomAttribute<BpfHelperAttribute>() == null).Select(m => m.DeclaringType!.Name + "." + m.Name).ToList();
        Assert.True(missing.Count == 0, "no [BpfHelper]: " + string.Join(", ", missing));
    }

    /// <summary>Every program context of the API: the structs that carry <c>[BpfContext]</c>.</summary>
    private static Type[] Contexts => s_dataplane.GetExportedTypes().Where(t => t.GetCustomAttribute<BpfContextAttribute>() != null).ToArray();

    /// <summary>
    /// Each program attribute's row of the facts table agrees with its context (the context is for
    /// the attribute's program type), and every hook it can take names a section and an attach type.
    /// </summary>
    [Fact]
    public void Every_program_attribute_names_its_context_result_and_sections()
    {
        var attributes = s_dataplane.GetExportedTypes().Where(t => t.GetCustomAttribute<BpfProgramTypeAttribute>() != null).ToList();
        Assert.Equal(new[] { "CgroupSkbAttribute", "CgroupSockAddrAttribute", "SkLookupAttribute", "SockOpsAttribute", "SocketFilterAttribute", "TcAttribute", "XdpAttribute" },
            attributes.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal(7, Contexts.Length);
        foreach (var a in attributes)
        {
            var facts = a.GetCustomAttribute<BpfProgramTypeAttribute>()!;
            var context = facts.Context.GetCustomAttribute<BpfContextAttribute>();
            Assert.True(context != null && (context.Programs & facts.Kind) == facts.Kind, a.Name + ": " + facts.Context.Name + " is not its context");
            Assert.NotEqual("", facts.MinimumKernel);
            var hook = a.GetConstructors().Single().GetParameters().SingleOrDefault()?.ParameterType;
            if (hook == null)
            {
                Assert.False(string.IsNullOrEmpty(facts.Section), a.Name + " has neither a section nor a hook");
                continue;
            }
            Assert.Null(facts.Section);
            foreach (var member in hook.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var point = member.GetCustomAttribute<BpfAttachPointAttribute>();
                Assert.True(point != null, hook.Name + "." + member.Name + " has no [BpfAttachPoint]");
                Assert.Matches(@"^cgroup(_skb)?/[a-z]+[46]?$", point!.Section);
            }
        }
    }
}
