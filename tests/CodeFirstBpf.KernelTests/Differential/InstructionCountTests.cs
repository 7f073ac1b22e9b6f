using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace CodeFirstBpf.KernelTests.Differential;

/// <summary>
/// Records, for every pair, how big the generator's program is next to clang's, as the kernel
/// sees them after verification. Sizes are information, never pass/fail: the table goes to the
/// test output and to <c>insn-counts.md</c> next to the test binaries.
/// </summary>
public sealed class InstructionCountTests(ITestOutputHelper output)
{
    /// <summary>The file the table is written to.</summary>
    public static string ReportPath => Path.Combine(AppContext.BaseDirectory, "insn-counts.md");

    /// <summary>
    /// Loads both objects of every pair and tabulates xlated instructions, JIT bytes and verifier
    /// work. An object that does not load is listed with the reason, not failed here: the
    /// differential and .NET-oracle tests fail for it already.
    /// </summary>
    [SkippableFact]
    public void RecordXlatedInstructionCounts()
    {
        Kernel.Require();
        var table = new StringBuilder();
        table.AppendLine($"# Xlated instruction counts: C# (CodeFirstBpf generator) vs `{ClangTwin.Describe(ClangTwin.Clang ?? "clang")}`");
        table.AppendLine();
        table.AppendLine("| Program | C# xlated | clang xlated | C#/clang | C# jited B | clang jited B | C# verified | clang verified |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        var failures = new List<string>();
        long totalCs = 0, totalC = 0;
        int measured = 0;
        foreach (ProgramPair pair in ProgramPair.All)
        {
            ProgramInfo c, cs;
            try
            {
                using (Runtime.BpfObject obj = pair.LoadC()) c = ProgramInfo.Of(obj.GetProgram(pair.Program));
                using (Runtime.BpfObject obj = pair.LoadCSharp()) cs = ProgramInfo.Of(obj.GetProgram(pair.Program));
            }
            catch (Exception e)
            {
                failures.Add($"{pair.Name}: {e.GetType().Name}: {e.Message}");
                table.AppendLine($"| {pair.Name}.{pair.Program} | (failed) | | | | | | |");
                continue;
            }
            measured++;
            totalCs += cs.XlatedInstructions;
            totalC += c.XlatedInstructions;
            table.AppendLine($"| {pair.Name}.{pair.Program} | {cs.XlatedInstructions} | {c.XlatedInstructions} | {Ratio(cs.XlatedInstructions, c.XlatedInstructions)} | {cs.JitedBytes} | {c.JitedBytes} | {cs.VerifiedInstructions} | {c.VerifiedInstructions} |");
        }
        table.AppendLine($"| **total ({measured} pairs)** | **{totalCs}** | **{totalC}** | **{Ratio(totalCs, totalC)}** | | | | |");
        if (failures.Count > 0)
        {
            table.AppendLine();
            table.AppendLine("Not measured:");
            foreach (string failure in failures) table.AppendLine("- " + failure.ReplaceLineEndings(" "));
        }
        File.WriteAllText(ReportPath, table.ToString());
        output.WriteLine(table.ToString());
        output.WriteLine("Written to " + ReportPath);
        Assert.True(measured > 0, "No pair could be measured:\n" + string.Join("\n", failures));
    }

    private static string Ratio(double a, double b) => b == 0 ? "-" : (a / b).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
