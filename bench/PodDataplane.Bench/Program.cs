using System.Globalization;
using System.Text;
using PodDataplane.Bench;

// bench/dataplane.sh runs this: the same allow/deny policy behind N = 10 … 10,000 rules as an
// iptables chain, as ipset and as the PodDataplane sample's TC policy, on one veth pair with one
// sender; prints the table and writes its section of bench/RESULTS.md.
string repo = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
string results = Path.Combine(repo, "bench/RESULTS.md");
var duration = TimeSpan.FromSeconds(args.Contains("--quick") ? 0.5 : 1);
int rounds = args.Contains("--quick") ? 1000 : 5000;
int[] sizes = [10, 100, 1000, 10000];

var rows = new List<string[]>();
using (var net = new BenchNetwork())
{
    var (b50, b99) = Traffic.PingPong(net, rounds);
    double baseSend = Traffic.Blast(net, Traffic.DeniedPort, duration) / duration.TotalSeconds;
    Console.WriteLine($"no filter: {baseSend / 1000:F0} kpps sent, ping-pong p50 {b50:F1} µs p99 {b99:F1} µs");
    rows.Add(["–", "no filter", "–", $"{baseSend / 1000:F0}", $"{b50:F1}", $"{b99:F1}", "", ""]);
    foreach (int n in sizes)
    {
        var measured = new List<(string Name, double Drop, double Pass, double P50, double P99)>();
        foreach (var make in new Func<IPolicyFilter>[] { () => new IptablesFilter(net, n), () => new IpsetFilter(net, n), () => new EbpfFilter(net, n) })
        {
            using var filter = make();
            long d0 = filter.Dropped();
            Traffic.Blast(net, Traffic.DeniedPort, duration);
            double drop = (filter.Dropped() - d0) / duration.TotalSeconds;
            long p0 = filter.Passed();
            Traffic.Blast(net, Traffic.AllowedPort, duration);
            double pass = (filter.Passed() - p0) / duration.TotalSeconds;
            var (p50, p99) = Traffic.PingPong(net, rounds);
            measured.Add((filter.Name, drop, pass, p50, p99));
            Console.WriteLine($"N={n,6} {filter.Name,-10} dropped {drop / 1000,7:F0} kpps  passed {pass / 1000,7:F0} kpps  p50 {p50,6:F1} µs  p99 {p99,6:F1} µs");
        }
        var ebpf = measured[2];
        foreach (var m in measured)
        {
            string dropRatio = m.Name == ebpf.Name ? "" : $"{ebpf.Drop / m.Drop:F2}×";
            string latencyRatio = m.Name == ebpf.Name ? "" : $"{m.P50 / ebpf.P50:F2}×";
            rows.Add([n.ToString("N0", CultureInfo.InvariantCulture), m.Name, $"{m.Drop / 1000:F0}", $"{m.Pass / 1000:F0}", $"{m.P50:F1}", $"{m.P99:F1}", dropRatio, latencyRatio]);
        }
    }
}

var md = new StringBuilder();
md.AppendLine("<!-- dataplane-bench -->");
md.AppendLine("### Policy: iptables / ipset vs the PodDataplane TC program (bench/dataplane.sh)");
md.AppendLine();
md.AppendLine($"- date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; kernel {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}; {Environment.ProcessorCount} cores; {Processes.Ok("iptables", "--version").Trim()}; {Processes.Ok("ipset", "--version").Trim().Split('\n')[0]}");
md.AppendLine($"- method: two namespaces on one veth pair; one C# thread sends 64-byte UDP datagrams as fast as it can for {duration.TotalSeconds:0.#} s (the offered load is the sender's maximum, the same for every row); the receiver's ingress enforces \"sender → udp/{Traffic.DeniedPort} deny, udp/{Traffic.AllowedPort} allow\" behind N rules: iptables = N rules in a chain off INPUT (N − 2 for other sources first, so every packet walks the chain); ipset = one hash:ip set of N sources and two rules; eBPF = the sample's FromWorkload program (LPM source → policy, hash (policy, proto, port) → action; allowed UDP goes through conntrack after its first packet). Dropped/passed pps are the filter's own counters over the send window. Latency: {rounds} UDP round trips to an echo server behind the allow rule (p50/p99, after 100 warm-up).");
md.AppendLine("- reading it: the sender is one C# thread on a 2-core machine shared with other builds, and each filter runs on the sender's CPU (veth delivers in its softirq), so pps is \"what one core still sends with this filter in the path\"; at N ≤ 1,000 rows within about 1.5× of each other are run-to-run noise. The signal is the trend: iptables falls with N (linear rule walk), ipset and eBPF do not (one hash or LPM lookup).");
md.AppendLine("- ratios: \"eBPF ÷\" = eBPF dropped pps ÷ that row's; \"p50 ÷ eBPF\" = that row's p50 ÷ eBPF's (above 1 = eBPF faster).");
md.AppendLine();
md.AppendLine("| N rules | filter | dropped kpps | passed kpps | p50 µs | p99 µs | eBPF ÷ (drop pps) | p50 ÷ eBPF |");
md.AppendLine("|---|---|---|---|---|---|---|---|");
foreach (var r in rows) md.AppendLine("| " + string.Join(" | ", r) + " |");
md.AppendLine("<!-- /dataplane-bench -->");

string existing = File.Exists(results) ? File.ReadAllText(results) : "# Benchmark results\n";
int start = existing.IndexOf("<!-- dataplane-bench -->", StringComparison.Ordinal);
int end = existing.IndexOf("<!-- /dataplane-bench -->", StringComparison.Ordinal);
string updated = start >= 0 && end > start
    ? existing[..start] + md.ToString().TrimEnd() + existing[(end + "<!-- /dataplane-bench -->".Length)..]
    : existing.TrimEnd() + "\n\n" + md;
File.WriteAllText(results, updated);
Console.WriteLine();
Console.WriteLine(md);
Console.WriteLine("wrote " + results);
