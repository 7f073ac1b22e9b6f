using System.Net;
using CodeFirstBpf.Runtime;
using MyXdp.Programs;

// The control plane: load the program, attach it to an interface, print the drop counters until Ctrl+C.
// Run as root (or with CAP_BPF and CAP_NET_ADMIN): sudo dotnet run --project MyXdp -- eth0
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: MyXdp <interface>");
    return 2;
}
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

using var loaded = Filter.Load();
using var link = loaded.Programs.DropIcmp.AttachXdp(args[0], XdpMode.Generic);
Console.WriteLine($"{link} — Ctrl+C to detach");
while (!stop.IsCancellationRequested)
{
    foreach (var (source, drops) in loaded.Maps.DropsBySource)
        Console.WriteLine($"{new IPAddress(source)}: {drops} ICMP dropped");
    try { await Task.Delay(TimeSpan.FromSeconds(2), stop.Token); } catch (OperationCanceledException) { }
}
return 0;
