using CodeFirstBpf;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>A hash value with two bytes of tail padding.</summary>
public struct Entry
{
    public uint Value;
    public ushort Hits;
}

/// <summary>
/// Every P0 map operation driven by frame bytes, with its result used: <c>Update</c> with
/// <see cref="MapUpdate.Any"/>/<see cref="MapUpdate.NoExist"/>/<see cref="MapUpdate.Exist"/> into a
/// small hash that fills up (-E2BIG), <c>Delete</c> (-ENOENT), <c>TryGetValue</c> with an <c>out</c>
/// struct, <c>Lookup</c> and update through the pointer, and array updates, deletes (-EINVAL) and
/// lookups out of range. Return codes are summed per operation and written into the frame.
/// </summary>
public static unsafe partial class MapOps
{
    static readonly HashMap<ushort, Entry> Table = new(maxEntries: 16);
    static readonly ArrayMap<ulong> Slots = new(maxEntries: 4);
    static readonly ArrayMap<long> ReturnCodes = new(maxEntries: 8);

    [Xdp]
    public static XdpAction ExerciseMaps(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 14 + 12 > ctx.DataEnd) return XdpAction.Pass;
        byte* p = data + 14;
        int op = p[0] & 7;
        ushort key = (ushort)(p[1] & 0x1F);
        uint value = (uint)(p[2] | p[3] << 8);

        long rc;
        switch (op)
        {
            case 0:
                rc = Table.Update(key, new Entry { Value = value, Hits = 1 });
                break;
            case 1:
                rc = Table.Update(key, new Entry { Value = value }, MapUpdate.NoExist);
                break;
            case 2:
                rc = Table.Update(key, new Entry { Value = value, Hits = 7 }, MapUpdate.Exist);
                break;
            case 3:
                rc = Table.Delete(key);
                break;
            case 4:
                rc = Table.TryGetValue(key, out Entry found) ? found.Value + found.Hits * 0x10000L : -1;
                break;
            case 5:
            {
                Entry* e = Table.Lookup(key);
                if (e != null)
                {
                    e->Hits++;
                    rc = e->Hits;
                }
                else
                {
                    rc = -2;
                }
                break;
            }
            case 6:
                rc = Slots.Update((uint)(p[1] & 7), value);
                break;
            default:
                rc = Slots.Delete(p[1]) * 1000 + (Slots.TryGetValue((uint)(p[1] & 7), out ulong slot) ? (long)slot : 100);
                break;
        }

        long* sum = ReturnCodes.Lookup((uint)op);
        if (sum != null) *sum += rc;
        *(long*)(p + 4) = rc;
        return rc < 0 ? XdpAction.Drop : XdpAction.Pass;
    }
}
