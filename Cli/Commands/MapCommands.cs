using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using CodeFirstBpf.Cli.Input;
using CodeFirstBpf.Cli.Output;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Cli.Commands;

/// <summary>
/// <c>cfbpf map list|dump|update|delete</c>: every map of the machine, and its entries with the
/// field names of its BTF (as <c>bpftool map dump</c> shows them), as a table or <c>--json</c>.
/// </summary>
internal static class MapCommands
{
    public static Command Create()
    {
        var map = new Command("map", "Maps on this machine: list, dump, update, delete.");
        map.Subcommands.Add(List());
        map.Subcommands.Add(Dump());
        map.Subcommands.Add(Update());
        map.Subcommands.Add(Delete());
        return map;
    }

    private static Argument<string> MapArgument() => new("map") { Description = "A map id (42), a pinned path (/sys/fs/bpf/...) or a map name." };

    private static Command List()
    {
        var json = Common.Json();
        var list = new Command("list", "Every BPF map on this machine (any process).") { json };
        list.SetAction(r =>
        {
            Render.Table("BPF maps", new[] { "id", "name", "type", "key bytes", "value bytes", "max entries", "flags", "btf id" },
                BpfSystem.Maps().Select(m => (IReadOnlyList<string>)new[]
                {
                    N(m.Id), m.Name, m.Type.ToString(), N(m.KeySize), N(m.ValueSize), N(m.MaxEntries), "0x" + m.Flags.ToString("x", CultureInfo.InvariantCulture), N(m.BtfId),
                }), r.GetValue(json));
            return 0;
        });
        return list;
    }

    private static Command Dump()
    {
        var which = MapArgument();
        var json = Common.Json();
        var dump = new Command("dump", "Every entry of a map, one column per key and value field.") { which, json };
        dump.SetAction(r =>
        {
            using var handle = Common.OpenMap(r.GetValue(which)!);
            var layout = BtfLayout.For(handle);
            bool perCpu = handle.IsPerCpu;
            var columns = layout.Key.Select(f => "key." + f.Name).Concat(perCpu ? new[] { "cpu" } : Array.Empty<string>()).Concat(layout.Value.Select(f => f.Name)).ToList();
            var rows = new List<IReadOnlyList<string>>();
            foreach (var (key, value) in handle.DumpRaw())
            {
                var keyCells = layout.Key.Select(f => BtfLayout.Format(f, key)).ToList();
                if (!perCpu)
                {
                    rows.Add(keyCells.Concat(layout.Value.Select(f => BtfLayout.Format(f, value))).ToList());
                    continue;
                }
                int stride = MapJson.PerCpuStride(handle);
                for (int cpu = 0; cpu * stride < value.Length; cpu++)
                {
                    var slice = value.AsSpan(cpu * stride, (int)handle.ValueSize).ToArray();
                    rows.Add(keyCells.Append(N((uint)cpu)).Concat(layout.Value.Select(f => BtfLayout.Format(f, slice))).ToList());
                }
            }
            if (r.GetValue(json))
            {
                Console.WriteLine(DumpJson(handle, layout));
                return 0;
            }
            string title = $"{handle.Name} (id {handle.Id}, {handle.MapType}, {rows.Count} rows{(layout.IsDescribed ? "" : ", no BTF: raw bytes")})";
            Render.Table(title, columns, rows, r.GetValue(json));
            return 0;
        });
        return dump;
    }

    private static Command Update()
    {
        var which = MapArgument();
        var key = new Option<string>("--key") { Description = "The key: hex bytes, a number, or JSON of field names ({\"Port\": 80}).", Required = true };
        var value = new Option<string>("--value") { Description = "The value, like --key.", Required = true };
        var update = new Command("update", "Creates or replaces one entry.") { which, key, value };
        update.SetAction(r =>
        {
            using var handle = Common.OpenMap(r.GetValue(which)!);
            var layout = BtfLayout.For(handle);
            byte[] k = MapJson.Encode(r.GetValue(key)!, layout.Key, (int)handle.KeySize, "key");
            byte[] v = MapJson.Encode(r.GetValue(value)!, layout.Value, (int)handle.ValueSize, "value");
            handle.Update(k, MapJson.ForEveryCpu(handle, v));
            Render.Line($"updated {handle.Name} (id {handle.Id})");
            return 0;
        });
        return update;
    }

    private static Command Delete()
    {
        var which = MapArgument();
        var key = new Option<string>("--key") { Description = "The key: hex bytes, a number, or JSON of field names.", Required = true };
        var delete = new Command("delete", "Deletes one entry.") { which, key };
        delete.SetAction(r =>
        {
            using var handle = Common.OpenMap(r.GetValue(which)!);
            byte[] k = MapJson.Encode(r.GetValue(key)!, BtfLayout.For(handle).Key, (int)handle.KeySize, "key");
            if (!handle.Delete(k)) throw new ArgumentException($"{handle.Name} has no entry with that key");
            Render.Line($"deleted from {handle.Name} (id {handle.Id})");
            return 0;
        });
        return delete;
    }

    /// <summary>bpftool's shape: <c>[{"key": …, "value": …}]</c>, per-CPU maps <c>"values": [{"cpu": n, "value": …}]</c>; the input shape of 'update' and 'test-run --maps'.</summary>
    private static string DumpJson(BpfMapHandle handle, BtfLayout layout)
    {
        var array = new JsonArray();
        foreach (var (key, value) in handle.DumpRaw())
        {
            var entry = new JsonObject { ["key"] = Node(layout.Key, key, layout.KeyIsScalar) };
            if (!handle.IsPerCpu) entry["value"] = Node(layout.Value, value, layout.ValueIsScalar);
            else
            {
                var values = new JsonArray();
                int stride = MapJson.PerCpuStride(handle);
                for (int cpu = 0; cpu * stride < value.Length; cpu++)
                    values.Add(new JsonObject { ["cpu"] = cpu, ["value"] = Node(layout.Value, value.AsSpan(cpu * stride, (int)handle.ValueSize).ToArray(), layout.ValueIsScalar) });
                entry["values"] = values;
            }
            array.Add(entry);
        }
        return array.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonNode? Node(IReadOnlyList<BtfField> fields, byte[] bytes, bool scalar)
    {
        JsonNode? Leaf(BtfField f)
        {
            string text = BtfLayout.Format(f, bytes);
            return f.Kind switch
            {
                BtfFieldKind.Unsigned when ulong.TryParse(text, out ulong u) => JsonValue.Create(u),
                BtfFieldKind.Signed when long.TryParse(text, out long l) => JsonValue.Create(l),
                BtfFieldKind.Boolean => JsonValue.Create(text == "true"),
                _ => JsonValue.Create(text),
            };
        }
        if (scalar || (fields.Count == 1 && fields[0].Kind == BtfFieldKind.Bytes && fields[0].Name is "key" or "value")) return Leaf(fields[0]);
        var o = new JsonObject();
        foreach (var f in fields) o[f.Name] = Leaf(f);
        return o;
    }

    private static string N(uint v) => v.ToString(CultureInfo.InvariantCulture);
}
