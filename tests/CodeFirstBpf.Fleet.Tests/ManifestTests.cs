using System.Text;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Fleet.Tests;

/// <summary>
/// <c>cfbpf manifest</c>: the ClusterBpfApplication it writes, parsed by an independent YAML parser
/// and checked against the v0.6 CRD's fields and enums (<see cref="CrdSchema"/>); its globalData
/// given to a real load does what the [Config] values say.
/// </summary>
public sealed class ManifestTests
{
    private const string Image = "registry.example:5000/fleet/icmpfilter:v1";
    private static string ProbeDll => typeof(FleetProbe).Assembly.Location;

    [Fact]
    public void The_icmpfilter_manifest_is_exactly_this_yaml_and_fits_the_crd()
    {
        string[] args = ["manifest", Tools.IcmpFilterDll, "IcmpFilter", "--image", Image, "--node-selector", "kubernetes.io/os=linux", "-i", "eth0", "--priority", "50"];
        string yaml = Tools.Cfbpf(args).EnsureSuccess().Stdout;
        Assert.Equal("""
            apiVersion: bpfman.io/v1alpha1
            kind: ClusterBpfApplication
            metadata:
              name: icmp-filter
            spec:
              nodeSelector:
                matchLabels:
                  kubernetes.io/os: linux
              byteCode:
                image:
                  url: registry.example:5000/fleet/icmpfilter:v1
                  imagePullPolicy: IfNotPresent
              programs:
                - name: DropIcmp
                  type: XDP
                  xdp:
                    links:
                      - interfaceSelector:
                          interfaces:
                            - eth0
                        priority: 50

            """.ReplaceLineEndings("\n"), yaml);
        Assert.Empty(CrdSchema.Violations(YamlTree.Parse(yaml)));
        Assert.Equal(yaml, Tools.Cfbpf(args).EnsureSuccess().Stdout);
    }

    [Fact]
    public void Config_values_become_global_data_and_tc_programs_get_a_direction()
    {
        foreach (bool tcx in new[] { false, true })
        {
            var args = new List<string> { "manifest", ProbeDll, "FleetProbe", "--image", Image, "--config", "MinLength=128", "--config", "Enabled=false", "--direction", "egress" };
            if (tcx) args.Add("--tcx");
            string yaml = Tools.Cfbpf([.. args]).EnsureSuccess().Stdout;
            var tree = YamlTree.Parse(yaml);
            Assert.Empty(CrdSchema.Violations(tree));

            var spec = (Dictionary<object, object>)((Dictionary<object, object>)tree!)["spec"];
            Assert.Empty((Dictionary<object, object>)spec["nodeSelector"]);
            var globals = (Dictionary<object, object>)spec["globalData"];
            Assert.Equal(["Enabled", "MinLength", "Port"], globals.Keys.Cast<string>());
            Assert.Equal(BitConverter.GetBytes(128u), Convert.FromBase64String((string)globals["MinLength"]));
            Assert.Equal(BitConverter.GetBytes((ushort)8080), Convert.FromBase64String((string)globals["Port"]));
            Assert.Equal(new byte[] { 0 }, Convert.FromBase64String((string)globals["Enabled"]));

            var programs = ((List<object>)spec["programs"]).Cast<Dictionary<object, object>>().ToDictionary(p => (string)p["name"]);
            Assert.Equal("XDP", programs["Ingress"]["type"]);
            Assert.Equal(tcx ? "TCX" : "TC", programs["Egress"]["type"]);
            var link = (Dictionary<object, object>)((List<object>)((Dictionary<object, object>)programs["Egress"][tcx ? "tcx" : "tc"])["links"]).Single();
            Assert.Equal("Egress", link["direction"]);
            Assert.Equal(true, ((Dictionary<object, object>)link["interfaceSelector"])["primaryNodeInterface"]);
        }
    }

    [SkippableFact]
    public void Global_data_loaded_as_bpfman_would_changes_what_the_program_does()
    {
        Kernel.Require();
        string yaml = Tools.Cfbpf("manifest", ProbeDll, "FleetProbe", "--image", Image, "--config", "MinLength=128").EnsureSuccess().Stdout;
        var spec = (Dictionary<object, object>)((Dictionary<object, object>)YamlTree.Parse(yaml)!)["spec"];
        var constants = ((Dictionary<object, object>)spec["globalData"]).ToDictionary(g => (string)g.Key, g => Convert.FromBase64String((string)g.Value));
        byte[] frame = Cli.Tests.Frames.Ipv4(0x0A000001, 6, 100);

        // bpfman writes each globalData entry over the variable of that name before load; so does Constants.
        using (var configured = BpfObject.Load(FleetProbe.ElfBytes, "FleetProbe", new BpfLoadOptions { Constants = constants }))
        {
            Assert.Equal(128u, configured.Globals.Read<uint>("MinLength"));
            Assert.Equal(XdpAction.Drop, configured.GetXdpProgram("Ingress").TestRun(frame).Action);
        }
        using var defaults = BpfObject.Load(FleetProbe.ElfBytes, "FleetProbe");
        Assert.Equal(XdpAction.Pass, defaults.GetXdpProgram("Ingress").TestRun(frame).Action);
    }

    [Fact]
    public void The_schema_check_catches_what_the_crd_would_reject()
    {
        string yaml = Tools.Cfbpf("manifest", Tools.IcmpFilterDll, "IcmpFilter", "--image", Image).EnsureSuccess().Stdout;
        Assert.Empty(CrdSchema.Violations(YamlTree.Parse(yaml)));
        Assert.Equal(["spec.programs[0].type: 'Xdp' not one of XDP, TC, TCX, FEntry, FExit, KProbe, KRetProbe, UProbe, URetProbe, TracePoint", "spec.programs[0]: type Xdp forbids 'xdp'"],
            CrdSchema.Violations(YamlTree.Parse(yaml.Replace("type: XDP", "type: Xdp"))));
        Assert.Equal(["spec.programs[0].xdp.links[0].interfaceSelector.primaryNodeInterface: not a boolean"],
            CrdSchema.Violations(YamlTree.Parse(yaml.Replace("primaryNodeInterface: true", "primaryNodeInterface: \"true\""))));
        Assert.Equal(["spec: required 'nodeSelector' missing", "spec.nodeSelectors: not in the CRD"],
            CrdSchema.Violations(YamlTree.Parse(yaml.Replace("nodeSelector:", "nodeSelectors:"))));
    }

    [Fact]
    public void Bad_arguments_get_one_sentence_not_a_stack_trace()
    {
        (string[] Args, string Error)[] cases =
        [
            (["--config", "Nope=1"], "cfbpf: --config Nope: FleetProbe has no [Config] field 'Nope' (it has Enabled, MinLength, Port)"),
            (["--config", "MinLength=lots"], "cfbpf: --config MinLength=lots: not a UInt32 (The input string 'lots' was not in a correct format.)"),
            (["--config", "Port=70000"], "cfbpf: --config Port=70000: not a UInt16 (Value was either too large or too small for a UInt16.)"),
            (["--priority", "2000"], "cfbpf: --priority 2000: bpfman takes 0 to 1000"),
            (["--direction", "sideways"], "cfbpf: --direction 'sideways': write ingress or egress"),
            (["--node-selector", "linux"], "cfbpf: --node-selector 'linux' is not label=value (e.g. kubernetes.io/os=linux)"),
        ];
        foreach (var (extra, error) in cases)
        {
            var (code, output) = Tools.Cfbpf(["manifest", ProbeDll, "FleetProbe", "--image", Image, .. extra]);
            Assert.Equal(1, code);
            Assert.Equal(error, output.Trim());
        }
        var (badImage, imageOutput) = Tools.Cfbpf("manifest", ProbeDll, "FleetProbe", "--image", "icmpfilter");
        Assert.Equal(1, badImage);
        Assert.Equal("cfbpf: 'icmpfilter' names no registry; write the registry host first, e.g. 127.0.0.1:5000/icmpfilter.", imageOutput.Trim());
    }
}
