namespace CodeFirstBpf.Runtime;

/// <summary>
/// The shape of a map to create outside an object: what the inner map template of a map of maps
/// says (the generated accessors pass the template the C# declaration gives).
/// </summary>
/// <param name="Type">The kernel map type.</param>
/// <param name="KeySize">Bytes per key (0 for queues, stacks and ring buffers).</param>
/// <param name="ValueSize">Bytes per value (0 for ring buffers).</param>
/// <param name="MaxEntries">The <c>max_entries</c> (a ring buffer's size in bytes).</param>
/// <param name="Flags">The <c>map_flags</c>.</param>
public sealed record BpfMapSpec(BpfMapType Type, uint KeySize, uint ValueSize, uint MaxEntries, MapFlags Flags = MapFlags.None);
