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
