using System.Collections.Generic;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// A map of a program class seen the same way in the kernel and in memory: the
/// pipeline <see cref="Differential"/> compares two views of each map by raw entries and reports
/// differences with field names.
/// </summary>
public interface IMapView
{
    /// <summary>The map's name (its C# field).</summary>
    string Name { get; }

    /// <summary>
    /// Every entry as raw key and value bytes (arrays list every index; a per-CPU value is the sum
    /// over CPUs, word by word, which is what a counter means).
    /// </summary>
    IReadOnlyList<(byte[] Key, byte[] Value)> RawEntries();

    /// <summary>Empties the map (an array's values become zero).</summary>
    void Clear();

    /// <summary>The key as text with field names.</summary>
    string FormatKey(byte[] key);

    /// <summary>The value as text with field names.</summary>
    string FormatValue(byte[] value);

    /// <summary>The names of the value fields in which <paramref name="a"/> and <paramref name="b"/> differ.</summary>
    IReadOnlyList<string> DifferingFields(byte[] a, byte[] b);

    /// <summary>Zeroes the bytes of the named value field in <paramref name="value"/> (a declared mask).</summary>
    /// <exception cref="System.ArgumentException">The value type has no such field.</exception>
    void MaskField(byte[] value, string field);
}

/// <summary>A map with typed keys and values, for seeding and reading the same way on both sides.</summary>
/// <typeparam name="TKey">The key type (<c>uint</c> for arrays, <c>LpmKey&lt;TData&gt;</c> for LPM tries).</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface IMapView<TKey, TValue> : IMapView
    where TKey : unmanaged
    where TValue : unmanaged
{
    /// <summary>Reads the value of <paramref name="key"/>; false when absent.</summary>
    bool TryGetValue(in TKey key, out TValue value);

    /// <summary>The value of <paramref name="key"/>; reading an absent key throws <see cref="KeyNotFoundException"/>.</summary>
    TValue this[in TKey key] { get; set; }

    /// <summary>Creates or replaces the value of <paramref name="key"/> (a per-CPU map holds it on its first CPU).</summary>
    void Set(in TKey key, in TValue value);

    /// <summary>Removes <paramref name="key"/> (an array's value becomes zero); false when it was absent.</summary>
    bool Remove(in TKey key);

    /// <summary>How many keys the map holds (an array: all of them).</summary>
    int Count { get; }

    /// <summary>The entries, typed.</summary>
    IEnumerable<KeyValuePair<TKey, TValue>> Entries { get; }
}

/// <summary>The events a program wrote to a ring buffer, as seen in the kernel and in memory.</summary>
public interface IEventView
{
    /// <summary>The map's name (its C# field).</summary>
    string Name { get; }

    /// <summary>Takes every event written since the last call, oldest first, as raw bytes.</summary>
    IReadOnlyList<byte[]> Drain();

    /// <summary>An event as text with field names.</summary>
    string Format(byte[] e);

    /// <summary>Zeroes the bytes of the named event field (a declared mask).</summary>
    /// <exception cref="System.ArgumentException">The event type has no such field.</exception>
    void MaskField(byte[] e, string field);
}

/// <summary>The typed event view of a ring buffer of <typeparamref name="TEvent"/>.</summary>
public interface IEventView<TEvent> : IEventView where TEvent : unmanaged
{
}
