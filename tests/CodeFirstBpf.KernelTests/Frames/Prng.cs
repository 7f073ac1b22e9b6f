namespace CodeFirstBpf.KernelTests.Frames;

/// <summary>
/// SplitMix64: a tiny PRNG whose sequence is fixed by its seed forever, unlike
/// <see cref="System.Random"/> whose algorithm may change between .NET versions.
/// </summary>
public sealed class Prng(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A number in [0, <paramref name="bound"/>).</summary>
    public int Below(int bound) => (int)(Next() % (ulong)bound);

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Between(int min, int max) => min + Below(max - min + 1);

    /// <summary>A random byte.</summary>
    public byte Byte() => (byte)Next();

    /// <summary><paramref name="count"/> random bytes.</summary>
    public byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        for (int i = 0; i < count; i++) bytes[i] = Byte();
        return bytes;
    }

    /// <summary>One of <paramref name="choices"/>.</summary>
    public T Pick<T>(params T[] choices) => choices[Below(choices.Length)];
}
