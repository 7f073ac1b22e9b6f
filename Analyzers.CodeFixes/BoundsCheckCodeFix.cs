using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using CodeFirstBpf.Analyzers.Flow;
using CodeFirstBpf.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace CodeFirstBpf.Analyzers.CodeFixes;

/// <summary>
/// BPF3001: inserts the missing bounds check before the statement that touches the packet,
/// <c>if (p + 1 &gt; ctx.DataEnd) return XdpAction.Pass;</c>, covering the bytes the access needs,
/// with the action that fits the program type (or the method's return type).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BoundsCheckCodeFix)), Shared]
public sealed class BoundsCheckCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(BpfDiagnostics.PacketBounds.Id);

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.TryGetValue(PointerFlow.CheckProperty, out var check) || check == null
            || !diagnostic.Properties.TryGetValue(PointerFlow.EndProperty, out var end) || end == null)
            return;
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root == null || model == null) return;
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var statement = FixSyntax.GuardableStatement(node);
        string? exit = FixSyntax.EarlyReturn(model, node);
        if (statement == null || exit == null) return;
        var guard = FixSyntax.Parse("if (" + check + " > " + end + ") " + exit, root);
        string title = "Check '" + check + " > " + end + "' first";
        context.RegisterCodeFix(
            CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(FixSyntax.InsertBefore(root, statement, guard))), nameof(BoundsCheckCodeFix)),
            diagnostic);
    }
}
