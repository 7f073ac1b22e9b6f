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
            string runtimeName = name is "DevMap" or "CpuMap" or "XskMap" or "ArrayOfMaps" or "HashOfMaps" ? name : name.Substring(0, name.Length - "Map".Length);
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
        foreach (var ctx in new[] { typeof(XdpContext), typeof(TcContext) })
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
            .Concat(typeof(XdpContext).GetMethods().Where(m => m.DeclaringType == typeof(XdpContext) && !m.IsSpecialName && !m.IsStatic && m.Name is not ("Equals" or "GetHashCode" or "ToString")))
            .Concat(typeof(TcContext).GetMethods().Where(m => m.DeclaringType == typeof(TcContext) && !m.IsSpecialName && !m.IsStatic && m.Name is not ("Equals" or "GetHashCode" or "ToString")));
        var missing = helpers.Where(m => m.GetCustomAttribute<BpfHelperAttribute>() == null).Select(m => m.DeclaringType!.Name + "." + m.Name).ToList();
        Assert.True(missing.Count == 0, "no [BpfHelper]: " + string.Join(", ", missing));
    }
}
