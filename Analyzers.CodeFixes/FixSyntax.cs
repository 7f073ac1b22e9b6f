using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CodeFirstBpf.Analyzers.CodeFixes;

/// <summary>Syntax the code fixes share: where a guard can go, and what it returns.</summary>
internal static class FixSyntax
{
    /// <summary>
    /// The statement a guard can be placed in front of so that it runs right before
    /// <paramref name="node"/>: null when the node sits in a loop condition or step, in a lambda,
    /// or in an expression-bodied member, where a statement cannot go.
    /// </summary>
    public static StatementSyntax? GuardableStatement(SyntaxNode node)
    {
        foreach (var ancestor in node.AncestorsAndSelf())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax or ArrowExpressionClauseSyntax:
                    return null;
                case ForStatementSyntax f:
                    return f.Statement.Span.Contains(node.Span) ? null : f.Declaration?.Span.Contains(node.Span) == true || f.Initializers.Any(i => i.Span.Contains(node.Span)) ? f : null;
                case WhileStatementSyntax or DoStatementSyntax or ForEachStatementSyntax:
                    return null;
                case StatementSyntax s when s.Parent is BlockSyntax or SwitchSectionSyntax or IfStatementSyntax or ElseClauseSyntax:
                    return s;
            }
        }
        return null;
    }

    /// <summary>The statement that leaves the method where the guard fails, after the method's kind and return type.</summary>
    public static string? EarlyReturn(SemanticModel model, SyntaxNode node)
    {
        var member = node.AncestorsAndSelf().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax);
        if (member == null || model.GetDeclaredSymbol(member) is not IMethodSymbol method) return null;
        foreach (var a in method.GetAttributes())
        {
            string? name = a.AttributeClass?.ToDisplayString();
            if (name == "CodeFirstBpf.XdpAttribute") return "return XdpAction.Pass;";
            if (name == "CodeFirstBpf.TcAttribute") return "return TcAction.Ok;";
        }
        var ret = method.ReturnType;
        if (method.ReturnsVoid) return "return;";
        if (ret.SpecialType == SpecialType.System_Boolean) return "return false;";
        if (ret.ContainingNamespace?.ToDisplayString() == "CodeFirstBpf")
        {
            if (ret.Name == "XdpAction") return "return XdpAction.Pass;";
            if (ret.Name == "TcAction") return "return TcAction.Ok;";
        }
        return "return default;";
    }

    /// <summary>Puts <paramref name="guard"/> right before <paramref name="statement"/>, making a block where the statement stands alone.</summary>
    public static SyntaxNode InsertBefore(SyntaxNode root, StatementSyntax statement, StatementSyntax guard)
    {
        guard = guard.WithAdditionalAnnotations(Formatter.Annotation);
        switch (statement.Parent)
        {
            case BlockSyntax block:
                return root.ReplaceNode(block, block.WithStatements(block.Statements.Insert(block.Statements.IndexOf(statement), guard)));
            case SwitchSectionSyntax section:
                return root.ReplaceNode(section, section.WithStatements(section.Statements.Insert(section.Statements.IndexOf(statement), guard)));
            default:
                var block2 = SyntaxFactory.Block(guard, statement.WithoutTrivia()).WithTriviaFrom(statement).WithAdditionalAnnotations(Formatter.Annotation);
                return root.ReplaceNode(statement, block2);
        }
    }

    /// <summary>A new statement on its own line, ended the way the document ends its lines.</summary>
    public static StatementSyntax Parse(string text, SyntaxNode root) => SyntaxFactory.ParseStatement(text).WithTrailingTrivia(EndOfLine(root));

    public static SyntaxTrivia EndOfLine(SyntaxNode root)
    {
        foreach (var trivia in root.DescendantTrivia())
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia)) return SyntaxFactory.ElasticEndOfLine(trivia.ToString());
        return SyntaxFactory.ElasticCarriageReturnLineFeed;
    }
}
