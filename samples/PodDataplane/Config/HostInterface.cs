using System.Globalization;
using System.IO;

namespace PodDataplane.Config;

/// <summary>An interface of this network namespace, as <c>/sys/class/net</c> describes it.</summary>
public static class HostInterface
{
    /// <summary>The interface's index.</summary>
    /// <exception cref="DataplaneConfigException">No interface has that name.</exception>
    public static int IndexOf(string name, string where)
    {
        string path = Path.Combine("/sys/class/net", name, "ifindex");
        if (name.Contains('/') || !File.Exists(path))
            throw new DataplaneConfigException($"{where}: there is no interface '{name}' on this host; create it first or fix the name.");
        return int.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>The interface's MAC address (the source address of frames redirected out of it).</summary>
    public static byte[] MacOf(string name) => Parse.Mac(File.ReadAllText(Path.Combine("/sys/class/net", name, "address")).Trim(), $"interface '{name}'");
}
