using System.Runtime.InteropServices;

namespace CodeFirstBpf.Runtime.Tests;

/// <summary>Mirrors struct flow_key in Bpf/maps.c.</summary>
[StructLayout(LayoutKind.Sequential)]
public record struct FlowKey(uint Address, ushort Port, ushort Protocol);

/// <summary>Mirrors struct flow_stats in Bpf/maps.c.</summary>
[StructLayout(LayoutKind.Sequential)]
public record struct FlowStats(ulong Packets, ulong Bytes);
