using System;
using System.IO;
using System.Reflection;

namespace CodeFirstBpf.Diagnostics;

/// <summary>
/// Where the BPF#### pages are on this machine, as a <c>file://</c> URI ending in '/'. The pages
/// ship in the CodeFirstBpf package (<c>docs/diagnostics/</c>, next to <c>analyzers/</c>), so a
/// help link opens the page of the exact version the build used, offline, with no site to keep up.
/// </summary>
/// <remarks>
/// Found once, from the analyzer assembly's own location: the nearest ancestor directory with
/// <c>docs/diagnostics/BPF0001.md</c> is the package root (or, in the repository, the clone). A host
/// that shadow-copies analyzers (some IDEs) loads the assembly from elsewhere; then the package's
/// folder in the NuGet cache (<c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>) for this
/// assembly's version is used. When neither exists the link is empty rather than pointing nowhere.
/// </remarks>
internal static class HelpLinks
{
    private const string Marker = "BPF0001.md";

    /// <summary>The <c>file://</c> URI of the directory of pages, or empty when no pages were found.</summary>
    public static readonly string Base = Find();

    /// <summary>The link to the page of one diagnostic, or empty when no pages were found.</summary>
    public static string For(string id) => Base.Length == 0 ? string.Empty : Base + id + ".md";

#pragma warning disable RS1035 // Reading where the package is, once: the help links must point at files that exist.
    private static string Find()
    {
        try
        {
            var assembly = typeof(HelpLinks).Assembly;
            // Location is empty for an assembly loaded from bytes; Path.GetDirectoryName("") throws on .NET Framework.
            string location = assembly.Location;
            for (string? dir = location.Length == 0 ? null : Path.GetDirectoryName(location); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
            {
                string pages = Path.Combine(Path.Combine(dir, "docs"), "diagnostics");
                if (File.Exists(Path.Combine(pages, Marker))) return ToUri(pages);
            }
            string? version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            if (version is null) return string.Empty;
            int plus = version.IndexOf('+');
            if (plus >= 0) version = version.Substring(0, plus);
            string? packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
            if (string.IsNullOrEmpty(packages))
                packages = Path.Combine(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget"), "packages");
            string cached = Path.Combine(Path.Combine(Path.Combine(packages!, "codefirstbpf"), version.ToLowerInvariant()), Path.Combine("docs", "diagnostics"));
            return File.Exists(Path.Combine(cached, Marker)) ? ToUri(cached) : string.Empty;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException or System.Security.SecurityException)
        {
            return string.Empty;
        }
    }
#pragma warning restore RS1035

    private static string ToUri(string directory) => new Uri(Path.GetFullPath(directory) + Path.DirectorySeparatorChar).AbsoluteUri;
}
