using Xunit;

// The sample tests share the machine's network state: the flow monitor's test checks that no clsact
// qdisc is left anywhere, which the pod dataplane's interfaces would briefly break if both ran at once.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
