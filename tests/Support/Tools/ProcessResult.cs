using System;

namespace CodeFirstBpf.Tests.Support;

/// <summary>What a finished process left behind: its exit code and what it printed.</summary>
/// <param name="Command">The command line, for messages.</param>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Stdout">Standard output alone (JSON from bpftool must not have stderr mixed in).</param>
/// <param name="Stderr">Standard error alone.</param>
/// <param name="Output">Both streams in the order they arrived, as a terminal would show them.</param>
internal sealed record ProcessResult(string Command, int ExitCode, string Stdout, string Stderr, string Output)
{
    /// <summary>Whether the process exited with 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>The exit code and the combined output, for <c>var (code, output) = Processes.Run(…)</c>.</summary>
    public void Deconstruct(out int exitCode, out string output)
    {
        exitCode = ExitCode;
        output = Output;
    }

    /// <summary>The exit code and the combined output as a tuple.</summary>
    public (int Code, string Output) ToTuple() => (ExitCode, Output);

    /// <summary>This result when the process succeeded.</summary>
    /// <exception cref="InvalidOperationException">It did not; the message has everything it printed.</exception>
    public ProcessResult EnsureSuccess()
        => Succeeded ? this : throw new InvalidOperationException($"'{Command}' exited with {ExitCode}:\n{Output.Trim()}");
}
