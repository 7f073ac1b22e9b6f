using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace CodeFirstBpf.Runtime.Interop;

/// <summary>
/// The <c>libbpf_set_print</c> callback. libbpf prints on the thread that called it, so a load
/// captures its own messages in a thread-static list while <see cref="BpfDiagnostics"/> keeps the
/// most recent ones process-wide.
/// </summary>
internal static unsafe class LibBpfLog
{
    private const int FormatBufferSize = 64 * 1024;

    private static int s_installed;

    [ThreadStatic] private static List<string>? s_capture;
    [ThreadStatic] private static StringBuilder? s_pendingLine;
    [ThreadStatic] private static byte* s_formatBuffer;

    internal static void Install()
    {
        if (Interlocked.Exchange(ref s_installed, 1) == 0)
            LibBpf.libbpf_set_print(&Print);
    }

    /// <summary>Starts collecting warning and info lines printed on this thread.</summary>
    internal static List<string> BeginCapture() => s_capture = [];

    /// <summary>Stops collecting and returns what was printed since <see cref="BeginCapture"/>.</summary>
    internal static List<string> EndCapture()
    {
        List<string> lines = s_capture ?? [];
        s_capture = null;
        return lines;
    }

    [UnmanagedCallersOnly]
    private static int Print(int level, byte* format, nint args)
    {
        try
        {
            var logLevel = (LibbpfLogLevel)level;
            if (logLevel == LibbpfLogLevel.Debug && !BpfDiagnostics.WantsDebug)
                return 0;
            Record(logLevel, Format(format, args));
        }
        catch (Exception)
        {
            // An exception must never unwind into libbpf's C frames.
        }
        return 0;
    }

    private static string Format(byte* format, nint args)
    {
        if (s_formatBuffer == null)
            s_formatBuffer = (byte*)NativeMemory.Alloc(FormatBufferSize);
        int length = LibC.vsnprintf(s_formatBuffer, FormatBufferSize, format, args);
        if (length < 0)
            return string.Empty;
        string text = Encoding.UTF8.GetString(s_formatBuffer, Math.Min(length, FormatBufferSize - 1));
        // vsnprintf consumed the va_list; a longer message cannot be formatted again, so say so.
        return length >= FormatBufferSize ? text + "…(truncated)\n" : text;
    }

    private static void Record(LibbpfLogLevel level, string text)
    {
        // libbpf sometimes prints one line in several calls; only whole lines are recorded.
        StringBuilder pending = s_pendingLine ??= new StringBuilder();
        pending.Append(text);
        if (text.Length == 0 || text[^1] != '\n')
            return;
        string whole = pending.ToString();
        pending.Clear();
        foreach (string line in whole.Split('\n'))
        {
            string trimmed = line.TrimEnd('\r');
            if (trimmed.Length == 0)
                continue;
            if (level != LibbpfLogLevel.Debug)
                s_capture?.Add(trimmed);
            BpfDiagnostics.Publish(level, trimmed);
        }
    }
}
