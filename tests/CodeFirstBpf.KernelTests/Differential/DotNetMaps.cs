using System;
using System.Collections;
using System.Linq;
using System.Reflection;

namespace CodeFirstBpf.KernelTests.Differential;

/// <summary>
/// Empties the in-memory maps of a program class before a .NET run, so a .NET run starts from the
/// same state as a freshly loaded kernel object. The Dataplane offers no reset (a program class's
/// maps are process-wide statics), so arrays are zeroed through <c>Lookup</c> and hash tables are
/// emptied through <c>Delete</c> of every key of their backing dictionary, found by reflection.
/// </summary>
public static unsafe class DotNetMaps
{
    /// <summary>Empties every map field of <paramref name="programClass"/>.</summary>
    public static void Reset(Type programClass)
    {
        foreach (FieldInfo field in programClass.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public))
        {
            if (field.GetValue(null) is not BpfMap map) continue;
            Type? table = Ancestor(map.GetType(), typeof(ArrayTable<>)) ?? Ancestor(map.GetType(), typeof(HashTable<,>))
                ?? throw new InvalidOperationException($"{programClass.Name}.{field.Name}: no reset for map type {map.GetType().Name}.");
            if (table.GetGenericTypeDefinition() == typeof(ArrayTable<>)) ZeroArray(map, table);
            else EmptyHash(map, table);
        }
    }

    private static void ZeroArray(BpfMap map, Type table)
    {
        MethodInfo lookup = table.GetMethod("Lookup")!;
        int size = UnmanagedSize(table.GetGenericArguments()[0]);
        for (uint i = 0; i < map.MaxEntries; i++)
        {
            var pointer = (byte*)Pointer.Unbox(lookup.Invoke(map, [i])!);
            new Span<byte>(pointer, size).Clear();
        }
    }

    private static void EmptyHash(BpfMap map, Type table)
    {
        FieldInfo values = table.GetField("_values", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException($"{table.Name} has no '_values' dictionary any more: update {nameof(DotNetMaps)}.");
        var dictionary = (IDictionary)values.GetValue(map)!;
        MethodInfo delete = table.GetMethod("Delete")!;
        foreach (object key in dictionary.Keys.Cast<object>().ToList()) delete.Invoke(map, [key]);
    }

    private static int UnmanagedSize(Type type) =>
        (int)typeof(System.Runtime.CompilerServices.Unsafe).GetMethod("SizeOf")!.MakeGenericMethod(type).Invoke(null, null)!;

    private static Type? Ancestor(Type? type, Type generic)
    {
        for (; type is not null; type = type.BaseType)
            if (type.IsGenericType && type.GetGenericTypeDefinition() == generic) return type;
        return null;
    }
}
