namespace CodeFirstBpf.Runtime;

/// <summary>
/// Where a batched walk of a map stands (the kernel's <c>out_batch</c> token). Start with
/// <c>default</c> and call the batch lookup until <see cref="IsComplete"/>.
/// </summary>
public struct BpfMapBatchCursor
{
    // Hash maps use a 4-byte bucket index, arrays their 4-byte key: 8 bytes hold either.
    internal ulong Token;
    internal bool Started;

    /// <summary>True once the walk has returned the map's last entries.</summary>
    public bool IsComplete { readonly get; internal set; }
}
