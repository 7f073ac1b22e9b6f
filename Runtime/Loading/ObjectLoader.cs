using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime.Loading;

/// <summary>
/// Opens an ELF image with libbpf and loads it. Every program gets its own verifier log buffer;
/// when the kernel reports that a log did not fit (<c>ENOSPC</c>), the object is opened again
/// with buffers four times larger, because libbpf cannot load one object twice.
/// </summary>
internal static unsafe class ObjectLoader
{
    internal const int DefaultLogSize = 256 * 1024;
    private const int MinimumLogSize = 1024;

    internal static BpfObject Load(ReadOnlySpan<byte> elf, string objectName, BpfLoadOptions options)
    {
        int logSize = options.VerifierLogSize == 0 ? DefaultLogSize : Math.Max(options.VerifierLogSize, MinimumLogSize);
        while (true)
        {
            List<string> libbpfLog = LibBpfLog.BeginCapture();
            var logs = new List<ProgramLogBuffer>();
            nint obj = 0;
            try
            {
                obj = Open(elf, objectName, options, libbpfLog);
                for (nint prog = LibBpf.bpf_object__next_program(obj, 0); prog != 0; prog = LibBpf.bpf_object__next_program(obj, prog))
                    logs.Add(ProgramLogBuffer.Attach(prog, logSize, (uint)options.VerifierLogLevel));
                PinnedMaps.Apply(obj, objectName, options);
                GlobalSections.ApplyConstants(obj, objectName, options.Constants);

                int error = LibBpf.bpf_object__load(obj);
                if (error == 0)
                {
                    if (BtfRejection.Check(objectName, libbpfLog, options.OnBtfRejected) is { } btfRejected)
                        throw btfRejected;
                    var handle = new BpfObjectHandle(obj);
                    obj = 0;
                    return BpfObject.FromLoaded(handle, objectName, logs, [.. libbpfLog]);
                }

                ProgramLogBuffer? rejected = logs.FindLast(l => l.HasText);
                if (-error == Errno.ENOSPC && rejected is not null && logSize < BpfConstants.MaxVerifierLogSize)
                {
                    logSize = (int)Math.Min(4L * logSize, BpfConstants.MaxVerifierLogSize);
                    continue;
                }
                throw LoadFailure(-error, objectName, rejected, [.. libbpfLog], options);
            }
            finally
            {
                if (obj != 0)
                    LibBpf.bpf_object__close(obj);
                foreach (ProgramLogBuffer log in logs)
                    log.Dispose();
                LibBpfLog.EndCapture();
            }
        }
    }

    private static nint Open(ReadOnlySpan<byte> elf, string objectName, BpfLoadOptions options, List<string> libbpfLog)
    {
        byte[] name = Utf8z(objectName);
        byte[]? pinRoot = options.PinPath is null ? null : Utf8z(options.PinPath);
        fixed (byte* image = elf)
        fixed (byte* namePtr = name)
        fixed (byte* pinRootPtr = pinRoot)
        {
            var opts = new BpfObjectOpenOpts
            {
                Size = (nuint)sizeof(BpfObjectOpenOpts),
                ObjectName = namePtr,
                PinRootPath = pinRootPtr,
            };
            nint obj = LibBpf.bpf_object__open_mem(image, (nuint)elf.Length, &opts);
            if (obj == 0)
                throw BpfErrors.FromErrno(Marshal.GetLastPInvokeError(), $"Opening BPF object '{objectName}'", [.. libbpfLog]);
            return obj;
        }
    }

    private static BpfException LoadFailure(int errno, string objectName, ProgramLogBuffer? rejected, IReadOnlyList<string> libbpfLog, BpfLoadOptions options)
    {
        // A program with a log was rejected by the verifier, whatever errno it chose; without a
        // log the failure came before verification (privileges, map creation, BTF, pinning).
        if (rejected is not null)
        {
            VerifierLog log = VerifierLog.Parse(rejected.ProgramName, rejected.Text);
            return new BpfVerifierException(log.ToMessage(objectName) + BtfRejection.WhyNoSourceLine(libbpfLog), errno, libbpfLog, log);
        }
        // Maps declared with pinning = LIBBPF_PIN_BY_NAME are pinned by libbpf itself, so a pin
        // directory off bpffs only shows up as a failed pin.
        if (libbpfLog.Any(l => l.Contains("pin", StringComparison.OrdinalIgnoreCase)) && !BpfFileSystem.IsOnBpfFs(options.EffectivePinPath))
            return BpfErrors.NotOnBpfFs(Path.GetFullPath(options.EffectivePinPath));
        return BpfErrors.FromErrno(errno, $"Loading BPF object '{objectName}'", libbpfLog);
    }

    internal static byte[] Utf8z(string text)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    internal static string? FromUtf8z(byte* text) => text == null ? null : Marshal.PtrToStringUTF8((nint)text);
}

/// <summary>Sets the pin path of each map the options name, after checking bpffs is there.</summary>
internal static class PinnedMaps
{
    internal static void Apply(nint obj, string objectName, BpfLoadOptions options)
    {
        if (options.PinnedMaps.Count == 0)
            return;
        string directory = options.EffectivePinPath;
        BpfFileSystem.EnsureDirectory(directory);
        foreach (string mapName in options.PinnedMaps)
        {
            nint map = Find(obj, mapName)
                ?? throw new BpfException($"BPF object '{objectName}' has no map named '{mapName}' to pin; its maps are: {string.Join(", ", Names(obj))}.", Errno.ENOENT);
            int error = LibBpf.bpf_map__set_pin_path(map, Path.Join(directory, mapName));
            if (error < 0)
                throw BpfErrors.FromErrno(error, $"Setting the pin path of map '{mapName}'");
        }
    }

    private static unsafe nint? Find(nint obj, string name)
    {
        for (nint map = LibBpf.bpf_object__next_map(obj, 0); map != 0; map = LibBpf.bpf_object__next_map(obj, map))
        {
            if (ObjectLoader.FromUtf8z(LibBpf.bpf_map__name(map)) == name)
                return map;
        }
        return null;
    }

    private static unsafe List<string> Names(nint obj)
    {
        var names = new List<string>();
        for (nint map = LibBpf.bpf_object__next_map(obj, 0); map != 0; map = LibBpf.bpf_object__next_map(obj, map))
            names.Add(ObjectLoader.FromUtf8z(LibBpf.bpf_map__name(map)) ?? "?");
        return names;
    }
}
