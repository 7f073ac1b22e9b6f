using CodeFirstBpf.Runtime;
using MyTc.Programs;

// The control plane: load the program, attach it to an interface's ingress, print packets per port until Ctrl+C.
// Run as root (or with CAP_BPF and CAP_NET_ADMIN): sudo dotnet run --project MyTc -- eth0
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: MyTc <interface>");
    return 2;
}
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

using var loaded = Classifier.Load();
using var link = loaded.Programs.Classify.AttachTc(args[0], TcDirection.Ingress);
Console.WriteLine($"{link} — Ctrl+C to detach");
while (!stop.IsCancellationRequested)
{
    foreach (var (port, packets) in loaded.Maps.PacketsByPort)
        Console.WriteLine($"port {port}: {packets} packets");
    try { await Task.Delay(TimeSpan.FromSeconds(2), stop.Token); } catch (OperationCanceledException) { }
}
return 0;
