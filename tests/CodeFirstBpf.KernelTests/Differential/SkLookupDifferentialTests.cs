using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using CodeFirstBpf.KernelTests.Programs;
using CodeFirstBpf.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace CodeFirstBpf.KernelTests.Differential;

/// <summary>
/// The sk_lookup pair: <see cref="LookupDispatch"/> compiled by the generator, its clang twin
/// <c>lookup_dispatch.c</c>, and the same C# run as .NET, over every <see cref="SkLookupCases"/>
/// lookup with real sockets (kernel) and stand-ins of the same kinds (.NET) in the socket map. Each
/// run gives the verdict and the slot of the socket selected (from the kernel's cookie, or the
/// stand-in's pointer); the counters map must end equal too.
/// </summary>
public sealed class SkLookupDifferentialTests(ITestOutputHelper output)
{
    private const int Slots = 4;

    [SkippableFact]
    public void The_CSharp_program_its_clang_twin_and_the_program_as_DotNet_select_the_same_sockets()
    {
        Kernel.Require();
        Kernel.RequireAtLeast(5, 14);
        using var sockets = new SlotSockets();
        IReadOnlyList<SkLookupTestRunContext> cases = SkLookupCases.All;

        (IReadOnlyList<(SkAction, int)> Runs, ulong[] Outcomes) csharp, clang;
        using (var obj = LookupDispatch.Load()) csharp = RunKernel(obj.Object, sockets, cases);
        using (var obj = BpfObject.Load(ClangTwin.Compile(System.IO.Path.Combine(ProgramPair.CTwinDirectory, "lookup_dispatch.c")), "c_LookupDispatch"))
            clang = RunKernel(obj, sockets, cases);
        var dotnet = RunDotNet(cases);

        var differences = new List<string>();
        for (int i = 0; i < cases.Count; i++)
            if (csharp.Runs[i] != clang.Runs[i] || dotnet.Runs[i] != clang.Runs[i])
                differences.Add($"  #{i} {SkLookupCases.Describe(cases[i])}: C# {csharp.Runs[i]}, clang {clang.Runs[i]}, .NET {dotnet.Runs[i]}");
        string Counts(ulong[] o) => string.Join(" ", o);
        if (!csharp.Outcomes.SequenceEqual(clang.Outcomes) || !dotnet.Outcomes.SequenceEqual(clang.Outcomes))
            differences.Add($"  Outcomes: C# {Counts(csharp.Outcomes)}, clang {Counts(clang.Outcomes)}, .NET {Counts(dotnet.Outcomes)}");
        output.WriteLine($"{cases.Count} lookups; outcomes (ok, EPROTOTYPE, EAFNOSUPPORT, EEXIST, other, -, dropped source, outside) {Counts(clang.Outcomes)}; "
            + $"selected slots {string.Join(", ", clang.Runs.GroupBy(r => r.Item2).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}");
        foreach (string line in differences.Take(20)) output.WriteLine(line);
        Assert.True(differences.Count == 0, $"{differences.Count} differences:\n" + string.Join("\n", differences.Take(20)));
        Assert.True(clang.Outcomes.Take(4).All(n => n > 0), "some assign outcome (ok, EPROTOTYPE, EAFNOSUPPORT, EEXIST) was never reached: " + Counts(clang.Outcomes));
    }

    private static (IReadOnlyList<(SkAction, int)>, ulong[]) RunKernel(BpfObject obj, SlotSockets sockets, IReadOnlyList<SkLookupTestRunContext> cases)
    {
        var map = new Runtime.SockMap(obj, "Sockets");
        for (uint i = 0; i < Slots; i++) map.Set(i, sockets[(int)i]);
        SkLookupProgram program = obj.GetSkLookupProgram("Dispatch");
        var runs = cases.Select(c =>
        {
            SkLookupTestRunResult r = program.TestRun(c);
            return (r.Action, r.SocketCookie == 0 ? -1 : sockets.SlotOf(r.SocketCookie));
        }).ToList();
        var outcomes = new Runtime.ArrayMap<ulong>(obj, "Outcomes");
        return (runs, Enumerable.Range(0, 8).Select(i => outcomes[(uint)i]).ToArray());
    }

    private static unsafe (IReadOnlyList<(SkAction, int)> Runs, ulong[] Outcomes) RunDotNet(IReadOnlyList<SkLookupTestRunContext> cases)
    {
        lock (typeof(LookupDispatch))
        {
            DotNetMaps.Reset(typeof(LookupDispatch));
            var map = (CodeFirstBpf.SockMap)Field("Sockets");
            map.Set(0, ProtocolType.Tcp, AddressFamily.InterNetwork);
            map.Set(1, ProtocolType.Udp, AddressFamily.InterNetwork);
            map.Set(2, ProtocolType.Tcp, AddressFamily.InterNetworkV6);
            map.Set(3, ProtocolType.Tcp, AddressFamily.InterNetworkV6, ipv6Only: true);
            var runs = new List<(SkAction, int)>();
            foreach (SkLookupTestRunContext c in cases)
            {
                SkLookupMetadata md = SkLookupCases.Metadata(c);
                SkAction action = LookupDispatch.Dispatch(new SkLookupContext(&md));
                // The kernel keeps the program's choice only when it returns Pass.
                int slot = -1;
                for (uint i = 0; i < Slots; i++)
                    if (action == SkAction.Pass && md.Assigned != null && md.Assigned == map.Lookup(i)) slot = (int)i;
                runs.Add((action, slot));
            }
            var outcomes = (CodeFirstBpf.ArrayMap<ulong>)Field("Outcomes");
            return (runs, Enumerable.Range(0, 8).Select(i => *outcomes.Lookup((uint)i)).ToArray());
        }
    }

    private static object Field(string name)
        => typeof(LookupDispatch).GetField(name, BindingFlags.Static | BindingFlags.NonPublic)!.GetValue(null)!;

    /// <summary>The real sockets of the four slots, and their cookies.</summary>
    private sealed class SlotSockets : IDisposable
    {
        private readonly Socket[] _sockets;
        private readonly ulong[] _cookies;

        public SlotSockets()
        {
            var tcp4 = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var udp4 = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var dual = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
            var v6only = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = false };
            _sockets = [tcp4, udp4, dual, v6only];
            tcp4.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            udp4.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            dual.Bind(new IPEndPoint(IPAddress.IPv6Any, 0)); // the kernel makes a socket bound to one IPv6 address IPv6-only
            v6only.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            foreach (Socket s in _sockets.Where(s => s.SocketType == SocketType.Stream)) s.Listen();
            _cookies = _sockets.Select(SocketCookies.Get).ToArray();
        }

        public Socket this[int slot] => _sockets[slot];

        public int SlotOf(ulong cookie) => Array.IndexOf(_cookies, cookie) is var i and >= 0 ? i : throw new InvalidOperationException($"cookie {cookie} is none of the slots' sockets");

        public void Dispose()
        {
            foreach (Socket s in _sockets) s.Dispose();
        }
    }
}
