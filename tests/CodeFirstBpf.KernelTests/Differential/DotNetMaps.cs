using System;
using System.Reflection;

namespace CodeFirstBpf.KernelTests.Differential;

/// <summary>
/// Empties the in-memory maps of a program class before a .NET run, so a .NET run starts from the
/// same state as a freshly loaded kernel object (a program class's maps are process-wide statics).
/// </summary>
public static class DotNetMaps
{
    /// <summary>Empties every map field of <paramref name="programClass"/>.</summary>
    public static void Reset(Type programClass)
    {
        foreach (FieldInfo field in programClass.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public))
            if (field.GetValue(null) is BpfMap map) map.Reset();
    }

    /// <summary>Sets slot <paramref name="index"/> of the in-memory array map <paramref name="mapField"/> of <paramref name="programClass"/>.</summary>
    public static void SetSlot(Type programClass, string mapField, uint index, uint value)
    {
        FieldInfo field = programClass.GetField(mapField, BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new ArgumentException($"{programClass.Name} has no map field '{mapField}'.", nameof(mapField));
        ((ArrayMap<uint>)field.GetValue(null)!).Update(index, value);
    }
}
