using Xunit;

namespace CodeFirstBpf.Samples.Tests;

/// <summary>cfbpf on a real sample assembly: list, export, test-run.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cfb-cli").FullName;
    private static string Cli => Path.Combine(AppContext.BaseDirectory, "cfbpf.dll");
    private static string Sample => Path.Combine(AppContext.BaseDirectory, "IcmpFilter.dll");

    [Fact]
    public void List_names_the_programs_and_maps_without_loading_anything()
    {
        string output = Processes.Ok("dotnet", $"{Cli} list {Sample}");
        Assert.Contains("│ IcmpFilterSample.IcmpFilter │ program │ DropIcmp", output);
        Assert.Contains("│ IcmpFilterSample.IcmpFilter │ map     │ DropsBySource", output);
        Assert.Contains("HashMap<uint, ulong>", output);
    }

    [Fact]
    public void Export_writes_the_object_the_assembly_embeds()
    {
        Processes.Ok("dotnet", $"{Cli} export {Sample} {_dir}");
        Assert.Equal(IcmpFilterSample.IcmpFilter.ElfBytes.ToArray(), File.ReadAllBytes(Path.Combine(_dir, "IcmpFilter.o")));
    }

    [SkippableFact]
    public void Test_run_sends_a_packet_file_through_a_program()
    {
        Kernel.Require();
        byte[] icmp = new byte[34];
        icmp[12] = 0x08; icmp[14] = 0x45; icmp[23] = 1;
        string packet = Path.Combine(_dir, "icmp.bin");
        File.WriteAllBytes(packet, icmp);
        string output = Processes.Ok("dotnet", $"{Cli} test-run {Sample} IcmpFilter.DropIcmp {packet} 10");
        Assert.Contains("IcmpFilter.DropIcmp: 1 frame(s), 10 run(s) each", output);
        Assert.Contains("│ 1     │ 34    │ Drop    │ 1    │", output);
        Assert.EndsWith("Drop 1", output.Trim());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
