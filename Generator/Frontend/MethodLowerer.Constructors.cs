using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.Diagnostics;
using CodeFirstBpf.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Generator.Frontend;

internal sealed partial class MethodLowerer
{
    /// <summary>
    /// What a struct constructor runs before its body, as C# defines it: a <c>: this(…)</c>
    /// initializer (the constructor it calls runs the field initializers), or else every instance
    /// field and auto-property initializer in declaration order — for a primary constructor that is
    /// all it runs, and a positional record struct first sets its properties from the parameters.
    /// The struct is already zeroed (every <c>new</c> clears it first), so unassigned fields are 0.
    /// </summary>
    private void LowerConstructorPrologue(IConstructorBodyOperation? body)
    {
        if (body?.Initializer != null)
        {
            LowerStatement(body.Initializer);
            return;
        }
        INamedTypeSymbol type = _method.ContainingType;
        LValue self = _this ?? throw new LoweringException("constructor without this", _method.Locations.FirstOrDefault());
        foreach (var r in type.OriginalDefinition.DeclaringSyntaxReferences)
        {
            if (r.GetSyntax() is not TypeDeclarationSyntax td) continue;
            SemanticModel model = _module.ModelFor(td.SyntaxTree);
            if (body == null && td is RecordDeclarationSyntax { ParameterList: { } positional })
            {
                foreach (var ps in positional.Parameters)
                {
                    var prop = type.GetMembers(ps.Identifier.ValueText).OfType<IPropertySymbol>().FirstOrDefault();
                    var param = _method.Parameters.FirstOrDefault(p => p.Name == ps.Identifier.ValueText);
                    if (prop == null || param == null || BackingField(prop) is not { } backing || HasInitializer(prop)) continue;
                    IFieldSymbol f = type.GetMembers(backing.Name).OfType<IFieldSymbol>().First();
                    ITypeSymbol ft = Subst(f.Type);
                    LValue at = _fb.Gep(self, Layout.FieldOffset(f, ps.GetLocation()));
                    LValue slot = _slots[param];
                    if (TypeLayout.IsStruct(ft)) _fb.Memcpy(at, slot, Layout.Of(ft).Size, Layout.Of(ft).Align);
                    else Store(Load(slot, ft), at, ft, FieldAlign(f, null));
                }
            }
            foreach (var member in td.Members)
            {
                switch (member)
                {
                    case FieldDeclarationSyntax fd when !fd.Modifiers.Any(m => m.ValueText is "static" or "const"):
                        foreach (var v in fd.Declaration.Variables)
                        {
                            if (v.Initializer == null) continue;
                            IFieldSymbol f = type.GetMembers(v.Identifier.ValueText).OfType<IFieldSymbol>().First();
                            InitializeField(self, f, (model.GetOperation(v.Initializer) as IFieldInitializerOperation)?.Value, v.Initializer);
                        }
                        break;
                    case PropertyDeclarationSyntax pd when pd.Initializer != null && !pd.Modifiers.Any(m => m.ValueText == "static"):
                    {
                        var prop = type.GetMembers(pd.Identifier.ValueText).OfType<IPropertySymbol>().First();
                        if (BackingField(prop) is not { } backing) break;
                        IFieldSymbol f = type.GetMembers(backing.Name).OfType<IFieldSymbol>().First();
                        InitializeField(self, f, (model.GetOperation(pd.Initializer) as IPropertyInitializerOperation)?.Value, pd.Initializer);
                        break;
                    }
                }
            }
        }
    }

    private static bool HasInitializer(IPropertySymbol p)
        => p.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is PropertyDeclarationSyntax { Initializer: not null });

    private void InitializeField(LValue self, IFieldSymbol field, IOperation? value, SyntaxNode where)
    {
        if (value == null) throw new LoweringException("field initializer", where.GetLocation());
        var violations = SubsetRules.Check(value);
        if (violations.Count > 0) throw new LoweringException("initializer", violations[0].Location, violations[0].Descriptor, violations[0].Args);
        At(value.Syntax);
        ITypeSymbol ft = Subst(field.Type);
        LValue at = _fb.Gep(self, Layout.FieldOffset(field, where.GetLocation()));
        if (TypeLayout.IsStruct(ft)) EmitStructInto(value, at, fresh: false);
        else Store(EmitValueAs(value, ft), at, ft, FieldAlign(field, null));
    }
}
