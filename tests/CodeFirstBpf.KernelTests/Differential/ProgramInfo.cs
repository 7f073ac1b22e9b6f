using System.Runtime.InteropServices;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.KernelTests.Differential;

/// <summary>Sizes of a loaded program as the kernel reports them (<c>bpf_prog_info</c>).</summary>
/// <param name="XlatedInstructions">Instructions after the verifier's rewrites (<c>xlated_prog_len</c> / 8), subprograms included.</param>
/// <param name="JitedBytes">Bytes of machine code (<c>jited_prog_len</c>).</param>
/// <param name="VerifiedInstructions">Instructions the verifier walked (<c>verified_insns</c>, kernel 5.16+).</param>
public readonly record struct ProgramInfo(uint XlatedInstructions, uint JitedBytes, uint VerifiedInstructions)
{
    // Offsets in struct bpf_prog_info (include/uapi/linux/bpf.h), stable uapi.
    private const int JitedProgLen = 16, XlatedProgLen = 20, VerifiedInsns = 216, InfoSize = 232;

    /// <summary>Asks the kernel about <paramref name="program"/>.</summary>
    public static unsafe ProgramInfo Of(BpfProgram program)
    {
        byte* info = stackalloc byte[InfoSize];
        new System.Span<byte>(info, InfoSize).Clear();
        uint length = InfoSize;
        int error = bpf_obj_get_info_by_fd(program.Fd, info, &length);
        if (error != 0) throw new BpfException($"bpf_obj_get_info_by_fd on program '{program.Name}' failed.", -error);
        uint verified = length >= VerifiedInsns + 4 ? *(uint*)(info + VerifiedInsns) : 0;
        return new ProgramInfo(*(uint*)(info + XlatedProgLen) / 8, *(uint*)(info + JitedProgLen), verified);
    }

    [DllImport("libbpf.so.1")]
    private static extern unsafe int bpf_obj_get_info_by_fd(int fd, void* info, uint* length);
}
