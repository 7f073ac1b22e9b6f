using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// A kernel map as an <see cref="IMapView{TKey, TValue}"/> (hash, LRU, array, LPM trie and their
/// per-CPU forms). Per-CPU values read as the sum over CPUs, word by word, and are written to the
/// first CPU with zeros on the others, so a seeded counter reads back as itself.
/// </summary>
public static class KernelMapView
{
    /// <summary>The view of the map <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, or its key or value size is not that of the types.</exception>
    public static IMapView<TKey, TValue> Of<TKey, TValue>(BpfObject obj, string name)
        where TKey : unmanaged where TValue : unmanaged
    {
        ArgumentNullException.ThrowIfNull(obj);
        return new View<TKey, TValue>(obj.GetMap(name));
    }

    /// <summary>The view of a ring buffer (its reader: the view takes the events it has not handed out).</summary>
    public static IEventView<TEvent> Events<TEvent>(RingBufferMap<TEvent> ring) where TEvent : unmanaged
    {
        ArgumentNullException.ThrowIfNull(ring);
        return new EventView<TEvent>(ring.Name, ring.TryRead, () => ring.Consume());
    }

    private sealed class View<TKey, TValue> : MapViewBase<TKey, TValue>
        where TKey : unmanaged where TValue : unmanaged
    {
        private readonly BpfMapHandle _map;
        private readonly bool _array;

        public View(BpfMapHandle map) : base(map.Name)
        {
            if (map.KeySize != Unsafe.SizeOf<TKey>() || map.ValueSize != Unsafe.SizeOf<TValue>())
                throw new BpfException($"Map '{map.Name}' has {map.KeySize}-byte keys and {map.ValueSize}-byte values; {typeof(TKey).Name} and {typeof(TValue).Name} are {Unsafe.SizeOf<TKey>()} and {Unsafe.SizeOf<TValue>()}.", Errno.EINVAL);
            _map = map;
            _array = map.MapType is BpfMapType.Array or BpfMapType.PerCpuArray;
        }

        public override bool TryGetValue(in TKey key, out TValue value)
        {
            var buffer = new byte[_map.ValueBufferSize];
            bool found = _map.TryLookup(Bytes(key), buffer);
            value = found ? MemoryMarshal.Read<TValue>(Summed(buffer)) : default;
            return found;
        }

        public override void Set(in TKey key, in TValue value)
        {
            var buffer = new byte[_map.ValueBufferSize];
            Bytes(value).CopyTo(buffer, 0);
            _map.Update(Bytes(key), buffer);
        }

        public override bool Remove(in TKey key)
        {
            if (!_array) return _map.Delete(Bytes(key));
            bool nonZero = TryGetValue(key, out TValue old) && Bytes(old).Any(b => b != 0);
            Set(key, default);
            return nonZero;
        }

        public override void Clear()
        {
            var zeros = new byte[_map.ValueBufferSize];
            foreach (byte[] key in _map.KeysRaw().ToList())
            {
                if (_array) _map.Update(key, zeros);
                else _map.Delete(key);
            }
        }

        public override IReadOnlyList<(byte[] Key, byte[] Value)> RawEntries()
            => _map.DumpRaw().Select(e => (e.Key, Summed(e.Value))).ToList();

        /// <summary>One value: as it is, or for a per-CPU map the word-wise sum of every CPU's copy.</summary>
        private byte[] Summed(byte[] buffer)
        {
            int size = Unsafe.SizeOf<TValue>();
            if (!_map.IsPerCpu) return buffer.AsSpan(0, size).ToArray();
            int stride = (size + 7) & ~7;
            var sum = new byte[size];
            for (int cpu = 0; cpu * stride < buffer.Length; cpu++)
                AddWords(sum, buffer.AsSpan(cpu * stride, size));
            return sum;
        }

        private static void AddWords(Span<byte> into, ReadOnlySpan<byte> add)
        {
            int i = 0;
            for (; i + 8 <= into.Length && into.Length % 8 == 0; i += 8)
                BitConverter.TryWriteBytes(into[i..], BitConverter.ToUInt64(into[i..]) + BitConverter.ToUInt64(add[i..]));
            for (; i + 4 <= into.Length; i += 4)
                BitConverter.TryWriteBytes(into[i..], BitConverter.ToUInt32(into[i..]) + BitConverter.ToUInt32(add[i..]));
            for (; i < into.Length; i++) into[i] += add[i];
        }
    }
}
