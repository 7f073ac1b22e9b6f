using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace CodeFirstBpf.Runtime;

/// <summary>A verifier log taken apart: the complaint, the source line it refers to, a hint.</summary>
internal sealed partial class VerifierLog
{
    private VerifierLog(string programName, string text)
    {
        ProgramName = programName;
        Text = text;
        Lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Message = FindMessage(Lines);
        (SourceLine, SourceLocation) = FindSource(Lines);
        Hint = VerifierHints.For(text);
    }

    internal string ProgramName { get; }
    internal string Text { get; }
    internal string[] Lines { get; }
    internal string Message { get; }
    internal string? SourceLine { get; }
    internal string? SourceLocation { get; }
    internal string? Hint { get; }

    internal static VerifierLog Parse(string programName, string text) => new(programName, text);

    internal string ToMessage(string objectName)
    {
        string at = SourceLocation is null ? "" : $" at {SourceLocation}";
        string hint = Hint is null ? "" : $" ({Hint})";
        return $"The verifier rejected program '{ProgramName}' of BPF object '{objectName}'{at}: {Message}{hint}; see Log for the full verifier log.";
    }

    // Instruction lines look like "12: (71) r1 = ..." and state lines like "12: R1=...".
    [GeneratedRegex(@"^\d+: ")]
    private static partial Regex InstructionLine();

    // BTF line info is printed as "; <source text> @ <file>:<line>".
    [GeneratedRegex(@"^; (?<text>.*) @ (?<location>[^@]+:\d+)$")]
    private static partial Regex SourceComment();

    private static bool IsSummary(string line) =>
        line.StartsWith("processed ", StringComparison.Ordinal)
        || line.StartsWith("verification time", StringComparison.Ordinal)
        || line.StartsWith("stack depth", StringComparison.Ordinal)
        || line.StartsWith("(", StringComparison.Ordinal)
        || line.StartsWith("-- ", StringComparison.Ordinal);

    private static string FindMessage(string[] lines)
    {
        int end = lines.Length;
        while (end > 0 && IsSummary(lines[end - 1]))
            end--;
        int start = end;
        while (start > 0 && !InstructionLine().IsMatch(lines[start - 1]) && !lines[start - 1].StartsWith(';'))
            start--;
        if (start == end)
            return end > 0 ? lines[end - 1].Trim() : "the verifier gave no reason";
        return string.Join(" ", lines[start..end]).Trim();
    }

    private static (string? Text, string? Location) FindSource(string[] lines)
    {
        for (int i = lines.Length - 1; i >= 0; i--)
        {
            Match match = SourceComment().Match(lines[i]);
            if (match.Success)
                return (match.Groups["text"].Value.Trim(), match.Groups["location"].Value.Trim());
        }
        return (null, null);
    }
}
