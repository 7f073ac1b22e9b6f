using System.Text.Json;

namespace CodeFirstBpf.Fleet.Tests;

/// <summary>The real cfbpf (built next to the tests) and skopeo, run as separate processes as a user would.</summary>
internal static class Tools
{
    public static string IcmpFilterDll => Path.Combine(AppContext.BaseDirectory, "IcmpFilter.dll");

    public static ProcessResult Cfbpf(params string[] args)
        => Processes.Run("dotnet", new[] { Path.Combine(AppContext.BaseDirectory, "cfbpf.dll") }.Concat(args), TimeSpan.FromMinutes(2));

    /// <summary><c>cfbpf image build</c> of IcmpFilter into <paramref name="dir"/>; the digest it printed.</summary>
    public static string BuildIcmpFilter(string dir, string tag)
    {
        string output = Cfbpf("image", "build", IcmpFilterDll, "IcmpFilter", "--tag", tag, "-o", dir).EnsureSuccess().Stdout;
        return output.Split(' ', '\n').Single(w => w.StartsWith("sha256:", StringComparison.Ordinal));
    }

    /// <summary><c>skopeo inspect [--raw]</c> of a transport:reference, parsed.</summary>
    public static JsonDocument Skopeo(string image, bool raw = false)
    {
        Kernel.RequireTools("skopeo");
        var args = new List<string> { "inspect" };
        if (raw) args.Add("--raw");
        if (image.StartsWith("docker://", StringComparison.Ordinal)) args.Add("--tls-verify=false");
        args.Add(image);
        return JsonDocument.Parse(Processes.Ok("skopeo", args, TimeSpan.FromMinutes(1)));
    }
}
