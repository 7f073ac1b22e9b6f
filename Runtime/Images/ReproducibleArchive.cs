using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;

namespace CodeFirstBpf.Runtime.Images;

/// <summary>
/// The image layer: a tar holding one file at its root, gzip-compressed, with every byte fixed by
/// the content alone — ustar entries with mtime 0, uid/gid 0, mode 0644 and no owner names; a
/// gzip header with mtime 0, no file name and OS 255 ("unknown") written here rather than by zlib,
/// whose header carries the build platform. Same content, same runtime: same bytes, same digest.
/// </summary>
internal static class ReproducibleArchive
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>A tar with <paramref name="name"/> at its root.</summary>
    public static byte[] Tar(string name, ReadOnlySpan<byte> content)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true))
        {
            var entry = new UstarTarEntry(TarEntryType.RegularFile, name)
            {
                ModificationTime = DateTimeOffset.UnixEpoch,
                Mode = FileMode,
                Uid = 0,
                Gid = 0,
                UserName = "",
                GroupName = "",
                DataStream = new MemoryStream(content.ToArray()),
            };
            writer.WriteEntry(entry);
        }
        return output.ToArray();
    }

    /// <summary>A single-member gzip of <paramref name="data"/> with a fixed header (RFC 1952).</summary>
    public static byte[] Gzip(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        // ID1 ID2, CM=deflate, FLG=0, MTIME=0, XFL=0, OS=255.
        output.Write([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
            deflate.Write(data);
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32.Compute(data));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], (uint)data.Length);
        output.Write(trailer);
        return output.ToArray();
    }

    /// <summary>The regular files of a gzip-compressed tar, by name; at most <paramref name="maxBytes"/> uncompressed.</summary>
    /// <exception cref="InvalidDataException">The layer is not a gzip-compressed tar, or is larger than allowed.</exception>
    public static IReadOnlyList<(string Name, byte[] Content)> ReadTarGz(byte[] layer, long maxBytes)
    {
        byte[] tar = Gunzip(layer, maxBytes);
        var files = new List<(string, byte[])>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
            using var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            files.Add((entry.Name, content.ToArray()));
        }
        return files;
    }

    private static byte[] Gunzip(byte[] data, long maxBytes)
    {
        if (data.Length < 2 || data[0] != 0x1f || data[1] != 0x8b)
            throw new InvalidDataException("it is not gzip-compressed");
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        byte[] buffer = new byte[81920];
        int read;
        while ((read = gzip.Read(buffer)) > 0)
        {
            if (output.Length + read > maxBytes)
                throw new InvalidDataException($"it unpacks to more than {maxBytes} bytes");
            output.Write(buffer, 0, read);
        }
        return output.ToArray();
    }
}
