using System;
using System.IO;

namespace CodeFirstBpf;

/// <summary>
/// The number of possible CPUs (<c>/sys/devices/system/cpu/possible</c>, as the kernel's
/// <c>num_possible_cpus()</c>), for the .NET stand-ins of what the kernel splits per CPU.
/// </summary>
internal static class PossibleCpus
{
    private static readonly Lazy<int> s_count = new(Read);

    public static int Count => s_count.Value;

    private static int Read()
    {
        try
        {
            // A list of ranges: "0-1", "0-3,8-11", "0".
            int count = 0;
            foreach (string part in File.ReadAllText("/sys/devices/system/cpu/possible").Trim().Split(','))
            {
                string[] range = part.Split('-');
                count += range.Length == 2 ? int.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture) - int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture) + 1 : 1;
            }
            return Math.Max(count, 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return Environment.ProcessorCount;
        }
    }
}
