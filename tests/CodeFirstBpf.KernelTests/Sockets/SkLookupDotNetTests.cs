using System;
using System.Reflection;
using CodeFirstBpf.KernelTests.Differential;
using CodeFirstBpf.KernelTests.Programs;
using Xunit;

namespace CodeFirstBpf.KernelTests.Sockets;

/// <summary><see cref="PortSteering"/> run as .NET over a <see cref="SkLookupMetadata"/> (the kernel test run of sk_lookup needs real sockets in the map).</summary>
public sealed unsafe class SkLookupDotNetTests
{
    [Fact]
    public void The_steered_port_gets_the_socket_in_slot_0_and_other_lookups_none()
    {
        lock (typeof(PortSteering))
        {
            DotNetMaps.Reset(typeof(PortSteering));
            DotNetMaps.SetSlot(typeof(PortSteering), "SteeredPort", 0, 7000);
            var listeners = (SockMap)typeof(PortSteering).GetField("Listeners", BindingFlags.Static | BindingFlags.NonPublic)!.GetValue(null)!;
            listeners.Set(0);

            var steered = new SkLookupMetadata { Family = 2, Protocol = 6, LocalPort = 7000 };
            Assert.Equal(SkAction.Pass, PortSteering.Steer(new SkLookupContext(&steered)));
            Assert.True(steered.Assigned == listeners.Lookup(0));

            var udp = new SkLookupMetadata { Family = 2, Protocol = 17, LocalPort = 7000 };
            Assert.Equal(SkAction.Pass, PortSteering.Steer(new SkLookupContext(&udp)));
            Assert.True(udp.Assigned == null);
        }
    }
}
