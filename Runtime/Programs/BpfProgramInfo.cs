using System;

namespace CodeFirstBpf.Runtime;

/// <summary>What the kernel reports about a loaded program (<c>bpftool prog show</c> shows the same).</summary>
/// <param name="Id">The kernel's id of the program.</param>
/// <param name="Tag">The program's tag: a hash of its instructions, as hex.</param>
/// <param name="XlatedInstructions">Instructions after the verifier's rewrites, subprograms included.</param>
/// <param name="JitedBytes">Bytes of JIT-compiled machine code (0 without the JIT).</param>
/// <param name="VerifiedInstructions">Instructions the verifier walked (kernel 5.16; 0 before).</param>
/// <param name="RunCount">Runs counted while <c>kernel.bpf_stats_enabled</c> was 1.</param>
/// <param name="RunTime">Time spent in those runs.</param>
public sealed record BpfProgramInfo(uint Id, string Tag, uint XlatedInstructions, uint JitedBytes, uint VerifiedInstructions, ulong RunCount, TimeSpan RunTime);
