using Xunit;

namespace CodeFirstBpf.Build.Tests;

/// <summary>
/// The build and package tests run one at a time: <c>dotnet pack</c> of the repository's projects
/// rebuilds the generator that the user projects of <see cref="BuildTests"/> load, and a build
/// that sees it replaced half-way fails (seen once under CI load: the object-cache test timed out).
/// </summary>
[CollectionDefinition(Name)]
public sealed class RepositoryBuilds
{
    public const string Name = "repository builds";
}
