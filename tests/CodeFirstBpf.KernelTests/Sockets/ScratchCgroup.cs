using System;
using System.IO;
using System.Threading;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.KernelTests.Sockets;

/// <summary>
/// A cgroup v2 a test creates under the root of the cgroup2 mount (found in <c>/proc/mounts</c>),
/// and removes on dispose, after moving back whatever it moved in. Programs attached to it see only
/// the processes a test puts there: the test host itself (<see cref="Enter"/>) or a child shell.
/// </summary>
public sealed class ScratchCgroup : IDisposable
{
    private static int s_count;

    private readonly string _home;

    private ScratchCgroup(string path, string home)
    {
        Path = path;
        _home = home;
    }

    /// <summary>The cgroup's directory.</summary>
    public string Path { get; }

    /// <summary>Creates <c>cfbpf-test-&lt;pid&gt;-&lt;n&gt;</c> at the root of the cgroup v2 hierarchy.</summary>
    public static ScratchCgroup Create()
    {
        string mount = CgroupV2.MountPoint ?? throw new InvalidOperationException("No cgroup2 file system is mounted (see /proc/mounts); the cgroup program tests need one.");
        string path = System.IO.Path.Join(mount, $"cfbpf-test-{Environment.ProcessId}-{Interlocked.Increment(ref s_count)}");
        string home = CgroupV2.OfCurrentProcess ?? throw new InvalidOperationException("The test process is in no cgroup v2.");
        Directory.CreateDirectory(path);
        return new ScratchCgroup(path, home);
    }

    /// <summary>
    /// Moves the whole test process into the cgroup until the returned scope is disposed, which
    /// moves it back to the cgroup it came from. Tests that enter run one at a time (their collection).
    /// </summary>
    public IDisposable Enter()
    {
        CgroupV2.AddProcess(Path, Environment.ProcessId);
        return new Scope(_home);
    }

    /// <summary>The pids in the cgroup now.</summary>
    public string[] Processes => File.ReadAllText(System.IO.Path.Join(Path, "cgroup.procs")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Removes the cgroup. Processes still in it go back to the test's own cgroup first: a child
    /// another test started while this process was inside (a clang compiling a twin) was born here.
    /// </summary>
    public void Dispose()
    {
        for (int attempt = 0; Directory.Exists(Path); attempt++)
        {
            foreach (string pid in Processes)
            {
                try
                {
                    CgroupV2.AddProcess(_home, int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture));
                }
                catch (BpfException)
                {
                    // It exited in the meantime.
                }
            }
            try
            {
                Directory.Delete(Path);
            }
            catch (IOException) when (attempt < 50)
            {
                // A process that just exited leaves the cgroup a moment later.
                Thread.Sleep(20);
            }
        }
    }

    private sealed class Scope(string home) : IDisposable
    {
        public void Dispose() => CgroupV2.AddProcess(home, Environment.ProcessId);
    }
}
