using System;
using System.IO;

namespace CodeFirstBpf.Runtime.Tests.Infrastructure;

/// <summary>The possible CPUs as the kernel lists them, parsed independently of libbpf.</summary>
internal static class Cpus
{
    internal static int Possible { get; } = Parse(File.ReadAllText("/sys/devices/system/cpu/possible").Trim());

    private static int Parse(string list)
    {
        int highest = 0;
        foreach (string range in list.Split(','))
        {
            string[] bounds = range.Split('-');
            highest = Math.Max(highest, int.Parse(bounds[^1], System.Globalization.CultureInfo.InvariantCulture));
        }
        return highest + 1;
    }
}
