using System;
using System.Collections.Generic;

namespace CodeFirstBpf.Runtime;

/// <summary>How <see cref="BpfObject.Load"/> opens and loads an object.</summary>
public sealed class BpfLoadOptions
{
    /// <summary>The bpffs directory libbpf pins to when no <see cref="PinPath"/> is given.</summary>
    public const string DefaultPinPath = "/sys/fs/bpf";

    internal static readonly BpfLoadOptions Default = new();

    private readonly int _verifierLogLevel;
    private readonly int _verifierLogSize;

    /// <summary>
    /// The bpffs directory for pinned maps (<see cref="PinnedMaps"/> and maps declared with
    /// <c>pinning = LIBBPF_PIN_BY_NAME</c>); <see cref="DefaultPinPath"/> when null.
    /// </summary>
    public string? PinPath { get; init; }

    /// <summary>
    /// The kernel verifier log level: 0 asks for a log only when a program is rejected; 1 logs
    /// every program (see <see cref="BpfProgram.VerifierLog"/>), 2 is verbose, 4 adds statistics.
    /// </summary>
    public int VerifierLogLevel
    {
        get => _verifierLogLevel;
        init => _verifierLogLevel = value is >= 0 and <= 15
            ? value
            : throw new ArgumentOutOfRangeException(nameof(VerifierLogLevel), value, "The verifier log level is a combination of 1, 2, 4 and 8.");
    }

    /// <summary>
    /// The first size, in bytes, of each program's verifier log buffer (0 = 256 KiB). The buffer
    /// grows and the object loads again whenever the log does not fit, so this only tunes speed.
    /// </summary>
    public int VerifierLogSize
    {
        get => _verifierLogSize;
        init => _verifierLogSize = value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(VerifierLogSize), value, "The log size cannot be negative.");
    }

    /// <summary>
    /// Names of maps to pin under <see cref="PinPath"/> by name: the first load creates and pins
    /// them, later loads (in any process) reuse the pinned map, so they share its data.
    /// </summary>
    public IReadOnlyCollection<string> PinnedMaps { get; init; } = [];

    /// <summary>
    /// Values for global variables, by name, written into the object before load: the way to set
    /// constants (<c>const volatile</c> globals in <c>.rodata</c>, <c>[Config]</c> fields in C#),
    /// which BPF programs cannot change and the verifier can rely on. Each value must be exactly the
    /// variable's size; <see cref="WithConstant{T}"/> builds one from a typed value.
    /// </summary>
    public IReadOnlyDictionary<string, byte[]> Constants { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>
    /// What a load does when the kernel rejects the object's BTF (libbpf then goes on without it:
    /// verifier errors lose their C# lines, bpftool loses field names, and BTF-only map features
    /// stop working). <see cref="BtfRejectedAction.Fail"/>, the default, throws a
    /// <see cref="BpfException"/> naming the kernel's complaint; <see cref="BtfRejectedAction.Warn"/>
    /// loads without BTF and reports a warning through <see cref="BpfDiagnostics.LibbpfMessage"/>
    /// and <see cref="BpfObject.LoadWarnings"/>, e.g. for objects from other compilers.
    /// </summary>
    public BtfRejectedAction OnBtfRejected { get; init; } = BtfRejectedAction.Fail;

    /// <summary>A copy of these options with one more entry in <see cref="Constants"/>.</summary>
    public unsafe BpfLoadOptions WithConstant<T>(string name, T value) where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var constants = new Dictionary<string, byte[]>(Constants, StringComparer.Ordinal)
        {
            [name] = new ReadOnlySpan<byte>(&value, sizeof(T)).ToArray(),
        };
        return new BpfLoadOptions
        {
            PinPath = PinPath,
            VerifierLogLevel = VerifierLogLevel,
            VerifierLogSize = VerifierLogSize,
            PinnedMaps = PinnedMaps,
            Constants = constants,
            OnBtfRejected = OnBtfRejected,
        };
    }

    internal string EffectivePinPath => PinPath ?? DefaultPinPath;
}

/// <summary>What <see cref="BpfObject.Load"/> does when the kernel rejects the object's BTF.</summary>
public enum BtfRejectedAction
{
    /// <summary>The load fails with a <see cref="BpfException"/> that quotes the kernel's reason.</summary>
    Fail,

    /// <summary>The object loads without BTF; a warning goes to the load warnings and the libbpf log subscribers.</summary>
    Warn,
}
