using Microsoft.CodeAnalysis;

namespace CodeFirstBpf.Semantics.Tests.Harness;

/// <summary>
/// A compiler diagnostic as plain data, so that it crosses from the compile worker process
/// (<see cref="CompileWorker"/>) to the test process.
/// </summary>
public sealed record SnippetDiagnostic(string Id, DiagnosticSeverity Severity, string Message, string Path, int Start, int Length, int Line, int Column)
{
    /// <summary>Whether it is an error.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>Whether it is a <c>BPF####</c> error.</summary>
    public bool IsBpfError => IsError && Id.StartsWith("BPF", StringComparison.Ordinal);

    /// <summary>Whether it lies in the snippet file itself (not in generated code or the global usings).</summary>
    public bool InSnippet => Path == SnippetCompiler.SnippetPath;

    internal static SnippetDiagnostic From(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        return new SnippetDiagnostic(d.Id, d.Severity, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), span.Path ?? "",
            d.Location.SourceSpan.Start, d.Location.SourceSpan.Length, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Severity} {Id} at {System.IO.Path.GetFileName(Path)}({Line},{Column}) [{Start}..{Start + Length}): {Message}";
}

/// <summary>What compiling a snippet produced, as plain data (the worker's reply).</summary>
public sealed record CompileOutput(List<SnippetDiagnostic> Diagnostics, string GeneratedSource, string IntermediateDir, byte[]? Image);
