using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.Generator.Model;

namespace CodeFirstBpf.Generator;

public sealed partial class BpfGenerator
{
    /// <summary>
    /// The generated pipeline surface: an <c>IMaps</c> interface of map views, the kernel's
    /// <c>Loaded</c> as an <c>IBpfPipeline&lt;IMaps&gt;</c>, and <c>P.InMemory()</c>, the twin that runs
    /// the same programs as .NET over the class's in-memory maps behind the same views.
    /// </summary>
    internal static class PipelineEmitter
    {
        private const string Rt = "global::CodeFirstBpf.Runtime.";

        /// <summary>A map's view: its type in <c>IMaps</c> and how each side makes it; null for kinds without one.</summary>
        private sealed record View(string Name, string Type, string Kernel, string Memory, bool Events);

        /// <summary>The program class by its full name: inside the views class a map's name is its view property.</summary>
        private static string ClassRef(ProgramClassModel model)
            => "global::" + (model.Namespace is { Length: > 0 } ns ? ns + "." : string.Empty) + model.ClassName;

        private static IEnumerable<View> Views(ProgramClassModel model)
        {
            foreach (var m in model.Maps)
            {
                if (m.Inner != null) continue;
                string? key = m.Kind switch
                {
                    "HashMap" or "LruHashMap" or "PerCpuHashMap" or "LruPerCpuHashMap" => m.KeyType,
                    "ArrayMap" or "PerCpuArrayMap" => "uint",
                    "LpmTrieMap" => "global::CodeFirstBpf.LpmKey<" + m.KeyType + ">",
                    _ => null,
                };
                if (key != null)
                    yield return new View(m.Name, Rt + "IMapView<" + key + ", " + m.ValueType + ">",
                        Rt + "KernelMapView.Of<" + key + ", " + m.ValueType + ">(owner.Object, \"" + m.Name + "\")",
                        Rt + "MemoryMapView.Of(\"" + m.Name + "\", " + ClassRef(model) + "." + m.Name + ")", Events: false);
                else if (m.Kind == "RingBufferMap")
                    yield return new View(m.Name, Rt + "IEventView<" + m.ValueType + ">",
                        Rt + "KernelMapView.Events(owner.Maps." + m.Name + ")",
                        Rt + "MemoryMapView.Events(\"" + m.Name + "\", " + ClassRef(model) + "." + m.Name + ")", Events: true);
            }
        }

        /// <summary><c>IMaps</c>: one property per map that has a view.</summary>
        public static void EmitInterface(IndentedWriter w, ProgramClassModel model)
        {
            w.Line("/// <summary>The maps of " + model.ClassName + " as views, the same in the kernel (<c>Loaded.Views</c>) and in memory (<c>InMemory().Views</c>).</summary>");
            w.Open("public interface IMaps");
            foreach (var v in Views(model))
            {
                w.Line("/// <summary>The map " + v.Name + ".</summary>");
                w.Line(v.Type + " " + v.Name + " { get; }");
            }
            w.Close();
            w.Line();
        }

        /// <summary>The views class of one side and the lists the differential walks (named with __ so no map name can take them).</summary>
        private static void EmitViews(IndentedWriter w, ProgramClassModel model, string className, string ctorParameter, bool kernel)
        {
            var views = Views(model).ToList();
            w.Open("private sealed class " + className + " : IMaps");
            w.Open("internal " + className + "(" + ctorParameter + ")");
            foreach (var v in views) w.Line(v.Name + " = " + (kernel ? v.Kernel : v.Memory) + ";");
            w.Line("__MapViews = new " + Rt + "IMapView[] " + List(views.Where(v => !v.Events)) + ";");
            w.Line("__EventViews = new " + Rt + "IEventView[] " + List(views.Where(v => v.Events)) + ";");
            w.Close();
            foreach (var v in views) w.Line("public " + v.Type + " " + v.Name + " { get; }");
            w.Line("internal global::System.Collections.Generic.IReadOnlyList<" + Rt + "IMapView> __MapViews { get; }");
            w.Line("internal global::System.Collections.Generic.IReadOnlyList<" + Rt + "IEventView> __EventViews { get; }");
            w.Close();
        }

        private static string List(IEnumerable<View> views)
            => views.Any() ? "{ " + string.Join(", ", views.Select(v => v.Name)) + " }" : "{ }";

        /// <summary>Inside <c>Loaded</c>: the kernel side of the pipeline.</summary>
        public static void EmitKernelMembers(IndentedWriter w, ProgramClassModel model)
        {
            w.Line("private KernelViews? _views;");
            w.Line("private KernelViews ViewSet => _views ??= new KernelViews(this);");
            w.Line("/// <summary>The maps as views, for the same seeding and reading code as <c>InMemory()</c>.</summary>");
            w.Line("public IMaps Views => ViewSet;");
            w.Line("global::System.Collections.Generic.IReadOnlyList<" + Rt + "IMapView> " + Rt + "IBpfPipeline<IMaps>.MapViews => ViewSet.__MapViews;");
            w.Line("global::System.Collections.Generic.IReadOnlyList<" + Rt + "IEventView> " + Rt + "IBpfPipeline<IMaps>.EventViews => ViewSet.__EventViews;");
            w.Line("/// <summary>Runs one step through the kernel (<c>BPF_PROG_TEST_RUN</c>).</summary>");
            w.Line("public " + Rt + "StepOutcome Run(" + Rt + "PipelineStep step) => " + Rt + "PipelineSteps.RunKernel(Object, step);");
            EmitViews(w, model, "KernelViews", "Loaded owner", kernel: true);
        }

        /// <summary><c>P.InMemory()</c> and its class.</summary>
        public static void EmitInMemory(IndentedWriter w, ProgramClassModel model)
        {
            var maps = model.Maps.Select(m => m.Name).ToList();
            w.Line("/// <summary>The in-memory twin of <c>Load()</c>: the programs run as .NET over this class's maps (emptied now and on Dispose), behind the same <c>IMaps</c> views. One at a time per class: the maps are static.</summary>");
            w.Line("public static InMemoryTwin InMemory() => new InMemoryTwin();");
            w.Line();
            w.Line("/// <summary>The programs of " + model.ClassName + " run as .NET over its in-memory maps.</summary>");
            w.Open("public sealed class InMemoryTwin : " + Rt + "IBpfPipeline<IMaps>, global::System.IDisposable");
            w.Line("private readonly MemoryViews _views;");
            w.Open("internal InMemoryTwin()");
            w.Line("Reset();");
            w.Line("_views = new MemoryViews();");
            w.Close();
            w.Line("/// <summary>The maps as views.</summary>");
            w.Line("public IMaps Views => _views;");
            w.Line("global::System.Collections.Generic.IReadOnlyList<" + Rt + "IMapView> " + Rt + "IBpfPipeline<IMaps>.MapViews => _views.__MapViews;");
            w.Line("global::System.Collections.Generic.IReadOnlyList<" + Rt + "IEventView> " + Rt + "IBpfPipeline<IMaps>.EventViews => _views.__EventViews;");
            w.Line("/// <summary>Runs one step through the program method as .NET.</summary>");
            w.Open("public " + Rt + "StepOutcome Run(" + Rt + "PipelineStep step)");
            w.Line("global::System.ArgumentNullException.ThrowIfNull(step);");
            w.Open("switch (step.Program)");
            foreach (var p in model.Programs.Where(p => p.Kind is "Xdp" or "Tc"))
                w.Line("case \"" + p.Name + "\": return " + Rt + "PipelineSteps.Run" + p.Kind + "(step, " + ClassRef(model) + "." + p.Name + ");");
            w.Line("default: throw new global::System.ArgumentException(\"" + model.ClassName + " has no XDP or TC program '\" + step.Program + \"'.\", nameof(step));");
            w.Close();
            w.Close();
            w.Line("/// <summary>Empties the in-memory maps again.</summary>");
            w.Line("public void Dispose() => Reset();");
            w.Open("private static void Reset()");
            foreach (string m in maps) w.Line(ClassRef(model) + "." + m + ".Reset();");
            w.Close();
            EmitViews(w, model, "MemoryViews", string.Empty, kernel: false);
            w.Close();
        }
    }
}
