using CodeFirstBpf;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>An enum switched on by <see cref="ControlFlow"/>.</summary>
public enum Shape : byte
{
    Circle,
    Square,
    Triangle,
    Hexagon,
}

/// <summary>
/// Control flow driven by frame bytes: <c>for</c> with <c>continue</c>/<c>break</c>, <c>while</c>
/// and <c>do</c> with visible bounds, nested loops, <c>&amp;&amp;</c>/<c>||</c> short-circuit with side
/// effects through a <c>ref</c> parameter, nested <c>?:</c>, a switch expression with relational,
/// <c>or</c>/<c>and</c> patterns and a <c>when</c> guard, and a switch statement on an enum with
/// <c>goto case</c>. Results are written into the frame.
/// </summary>
public static unsafe partial class ControlFlow
{
    public const int PayloadOffset = 14;
    public const int ResultOffset = PayloadOffset + 16;
    public const int MinLength = ResultOffset + 8 * sizeof(uint);

    static readonly ArrayMap<ulong> Histogram = new(maxEntries: 16);

    static int Classify(byte b) => b switch
    {
        0 => 0,
        1 or 2 => 1,
        >= 3 and < 16 => 2,
        0x7F => 3,
        0xFF => 4,
        _ when (b & 1) == 0 => 5,
        _ => 6,
    };

    static uint Score(Shape shape, uint n)
    {
        switch (shape)
        {
            case Shape.Circle:
                return n * 2;
            case Shape.Square:
                n += 10;
                goto case Shape.Triangle;
            case Shape.Triangle:
                return n * 3;
            default:
                return n ^ 0xFFFF;
        }
    }

    static bool Touch(ref int counter, bool result)
    {
        counter++;
        return result;
    }

    [Xdp]
    public static XdpAction Branchy(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + MinLength > ctx.DataEnd) return XdpAction.Pass;
        byte* p = data + PayloadOffset;
        uint* output = (uint*)(data + ResultOffset);

        uint sum = 0;
        int odd = 0;
        for (int i = 0; i < 16; i++)
        {
            byte b = p[i];
            if (b == 0xFF) break;
            if ((b & 1) == 0) continue;
            sum += b;
            odd++;
        }

        uint x = *(uint*)p;
        int leadingZeros = 0;
        while (leadingZeros < 32 && (x & 0x80000000u) == 0)
        {
            x <<= 1;
            leadingZeros++;
        }

        uint y = *(uint*)(p + 4);
        int population = 0;
        int guard = 0;
        do
        {
            if (y == 0) break;
            y &= y - 1;
            population++;
        } while (++guard < 32);

        int pairs = 0;
        for (int i = 0; i < 4; i++)
            for (int j = i + 1; j < 4; j++)
                if (p[8 + i] == p[8 + j]) pairs++;

        int touched = 0;
        bool both = p[12] > 100 && Touch(ref touched, p[13] > 50);
        bool either = p[12] > 200 || Touch(ref touched, p[13] < 10);
        int tern = both ? (either ? 1 : 2) : (either ? 3 : 4);

        int cls = Classify(p[14]);
        uint score = Score((Shape)(p[15] & 3), sum);

        output[0] = sum;
        output[1] = (uint)odd;
        output[2] = (uint)leadingZeros;
        output[3] = (uint)population;
        output[4] = (uint)pairs;
        output[5] = (uint)(touched * 10 + tern);
        output[6] = (uint)cls;
        output[7] = score;

        ulong* h = Histogram.Lookup((uint)cls);
        if (h != null) (*h)++;
        h = Histogram.Lookup((uint)(8 + tern));
        if (h != null) (*h)++;

        return cls switch
        {
            0 => XdpAction.Drop,
            4 => XdpAction.Aborted,
            _ => XdpAction.Pass,
        };
    }
}
