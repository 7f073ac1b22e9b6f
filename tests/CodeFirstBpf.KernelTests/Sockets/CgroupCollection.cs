using Xunit;

namespace CodeFirstBpf.KernelTests.Sockets;

/// <summary>
/// The tests that move the test process into a cgroup of their own: one at a time, so no other
/// socket test runs while the process sits in another test's cgroup.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CgroupCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Tests that move the test process between cgroups";
}
