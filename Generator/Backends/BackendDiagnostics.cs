using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using CodeFirstBpf.Diagnostics;
using CodeFirstBpf.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CodeFirstBpf.Generator.Backends;

/// <summary>
/// LLVM's errors as BPF#### diagnostics at C#: each names the function it is in ("in function
/// P__Mix i64 (i64, …)"), which is a C# method (<see cref="FunctionSite"/>), and often a line
/// ("Program.cs:11:9"). What has its own rule becomes that rule at the method's declaration; the
/// rest stays BPF0002 with LLVM's words, at the line LLVM names or at the method.
/// </summary>
internal static class BackendDiagnostics
{
    // "in function P__Mix i64 (i64, i64, i64, i64, i64, i64): stack arguments are not supported"
    private static readonly Regex s_inFunction = new(@"in function (?<name>\S+) [^(:]*\((?<params>[^)]*)\):\s*", RegexOptions.CultureInvariant);
    // "Program.cs:11:9: in function …", the debug location LLVM prints first (<unknown>:0:0 when it has none)
    private static readonly Regex s_line = new(@"^(?<file>[^:<>]+):(?<line>\d+):(?<column>\d+):", RegexOptions.CultureInvariant);
    // "… i64 = GlobalAddress<ptr @P__Mix> 0, Program.cs:11:9 too many arguments": the call's callee
    private static readonly Regex s_callee = new(@"GlobalAddress<ptr @(?<name>[^>\s]+)>", RegexOptions.CultureInvariant);

    public static IReadOnlyList<Diagnostic> From(ProgramClassModel model, LlvmResult result)
    {
        if (result.Errors.Count == 0)
            return new[] { Diagnostic.Create(BpfDiagnostics.LlvmFailed, Location.None, model.ClassName, result.Error ?? string.Empty) };
        var found = new List<Diagnostic>();
        // A callee's own error knows its argument count; the caller's "too many arguments" does not, so it goes last.
        foreach (string error in result.Errors.OrderBy(e => e.IndexOf("too many arguments", StringComparison.Ordinal) >= 0))
        {
            Diagnostic d = FromError(model, error);
            if (!found.Any(f => f.Id == d.Id && f.Location == d.Location && (f.Id != BpfDiagnostics.LlvmFailed.Id || f.GetMessage() == d.GetMessage())))
                found.Add(d);
        }
        return found;
    }

    private static Diagnostic FromError(ProgramClassModel model, string error)
    {
        Match fn = s_inFunction.Match(error);
        FunctionSite? site = fn.Success ? Site(model, fn.Groups["name"].Value) : null;
        string detail = fn.Success ? error.Substring(fn.Index + fn.Length) : error;
        if (site != null && detail.IndexOf("stack arguments are not supported", StringComparison.Ordinal) >= 0)
        {
            string parameters = fn.Groups["params"].Value.Trim();
            int count = parameters.Length == 0 ? 0 : parameters.Split(',').Length;
            return Diagnostic.Create(BpfDiagnostics.TooManyArguments, site.Where.ToLocation(), site.Method, count.ToString(CultureInfo.InvariantCulture));
        }
        if (detail.IndexOf("too many arguments", StringComparison.Ordinal) >= 0 && s_callee.Match(detail) is { Success: true } callee
            && Site(model, callee.Groups["name"].Value) is { } target)
            return Diagnostic.Create(BpfDiagnostics.TooManyArguments, target.Where.ToLocation(), target.Method, "more than five");
        if (site != null && detail.IndexOf("stack limit is exceeded", StringComparison.Ordinal) >= 0)
            return Diagnostic.Create(BpfDiagnostics.StackTooLarge, site.Where.ToLocation(), site.Method, "more than 512 (the back end ran out of stack slots)");
        string words = site != null ? "in '" + site.Method + "': " + Clean(detail) : Clean(error);
        return Diagnostic.Create(BpfDiagnostics.LlvmFailed, LineOf(site, error) ?? site?.Where.ToLocation() ?? Location.None, model.ClassName, words);
    }

    private static FunctionSite? Site(ProgramClassModel model, string symbol) => model.Functions.FirstOrDefault(f => f.Symbol == symbol);

    /// <summary>The C# line LLVM names, in the method's file (LLVM prints the project-relative path the IR carries).</summary>
    private static Location? LineOf(FunctionSite? site, string error)
    {
        Match m = s_line.Match(error);
        if (site == null || !m.Success || site.Where.FilePath.Length == 0) return null;
        string file = m.Groups["file"].Value.Replace('\\', '/');
        if (!site.Where.FilePath.Replace('\\', '/').EndsWith("/" + file.TrimStart('/'), StringComparison.Ordinal) && site.Where.FilePath != file) return null;
        int line = int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture) - 1, column = Math.Max(0, int.Parse(m.Groups["column"].Value, CultureInfo.InvariantCulture) - 1);
        var at = new LinePosition(line, column);
        return Location.Create(site.Where.FilePath, default, new LinePositionSpan(at, at));
    }

    /// <summary>LLVM's message without its machine details: node addresses and debug locations say nothing in C#.</summary>
    private static string Clean(string text)
        => Regex.Replace(Regex.Replace(text, @"0x[0-9a-f]+: ", string.Empty), @"<unknown>:0:0: ", string.Empty).Trim();
}
