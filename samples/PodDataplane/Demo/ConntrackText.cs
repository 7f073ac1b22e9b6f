namespace PodDataplane.Demo;

/// <summary>One conntrack entry as a line, with field names.</summary>
public static class ConntrackText
{
    /// <summary>"tcp 198.51.100.10:40312 &lt;-&gt; 198.51.100.21:8080 kind=normal state=established packets=6 bytes=412 nat=192.0.2.80:80".</summary>
    public static string Describe(ConntrackKey key, ConntrackEntry entry)
    {
        string kind = entry.Kind == PodPrograms.KindNatForward ? "nat-forward" : "normal";
        string text = $"{Control.FlowText.Protocol(key.Protocol)} {Control.FlowText.Endpoint(key.AddressA, key.PortA)} <-> {Control.FlowText.Endpoint(key.AddressB, key.PortB)} kind={kind}";
        if (entry.Kind != PodPrograms.KindNatForward) text += $" state={Control.FlowText.State(entry.State)}";
        text += $" packets={entry.Packets} bytes={entry.Bytes}";
        if (entry.NatAddress != 0)
            text += (entry.Kind == PodPrograms.KindNatForward ? " backend=" : " frontend=") + Control.FlowText.Endpoint(entry.NatAddress, entry.NatPort);
        return text;
    }
}
