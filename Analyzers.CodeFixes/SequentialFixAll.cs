using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace CodeFirstBpf.Analyzers.CodeFixes;

/// <summary>
/// Fix All for fixes that rewrite a statement and its surroundings: the batch fixer merges text
/// edits computed against the original document and drops the ones that touch (two loops in one
/// block, two guards before neighbouring statements). This applies the fixes one after another on
/// the current document, from the last diagnostic to the first, so each one's span is still where
/// the analyzer reported it.
/// </summary>
internal static class SequentialFixAll
{
    public delegate Task<Document?> Apply(Document document, Diagnostic diagnostic, string? equivalenceKey, CancellationToken cancellationToken);

    public static FixAllProvider Create(Apply apply) => FixAllProvider.Create(async (context, document, diagnostics) =>
    {
        Document current = document;
        foreach (var diagnostic in diagnostics.OrderByDescending(d => d.Location.SourceSpan.Start))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (await apply(current, diagnostic, context.CodeActionEquivalenceKey, context.CancellationToken).ConfigureAwait(false) is { } next) current = next;
        }
        return current;
    });
}
