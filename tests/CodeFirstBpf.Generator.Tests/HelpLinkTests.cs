using System.Reflection;
using System.Runtime.CompilerServices;
using CodeFirstBpf.Diagnostics;
using Microsoft.CodeAnalysis;
using Xunit;

namespace CodeFirstBpf.Generator.Tests;

/// <summary>
/// Every BPF#### has exactly one page in docs/diagnostics (the pages ship in the CodeFirstBpf
/// package), titled as the descriptor is, and every descriptor's help link opens its page. The
/// package side (links from a build out of a fresh feed) is in Build.Tests' PackageTests.
/// </summary>
public class HelpLinkTests
{
    private static readonly string s_pages = Path.GetFullPath(Path.Combine(Here(), "../../docs/diagnostics"));

    private static string Here([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private static List<DiagnosticDescriptor> Descriptors()
        => typeof(BpfDiagnostics).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();

    [Fact]
    public void Every_descriptor_has_a_page_and_every_page_a_descriptor()
    {
        var ids = Descriptors().Select(d => d.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var pages = Directory.GetFiles(s_pages, "*.md").Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.Empty(ids.Except(pages));
        Assert.Empty(pages.Except(ids));
    }

    [Fact]
    public void Every_help_link_opens_the_page_of_its_diagnostic()
    {
        foreach (var d in Descriptors())
        {
            var link = new Uri(d.HelpLinkUri);
            Assert.True(link.IsFile, $"{d.Id}: {d.HelpLinkUri}");
            Assert.Equal(Path.Combine(s_pages, d.Id + ".md"), link.LocalPath);
            Assert.Equal($"# {d.Id}: {d.Title}", File.ReadLines(link.LocalPath).First());
        }
    }
}
