using Xunit;

// The kernel tests create interfaces, qdiscs and pins; running them one at a time keeps their
// effects (and the libbpf messages they check) apart on a shared 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
