using System;
using System.Globalization;
using System.Linq;
using System.Text;
using CodeFirstBpf.Diagnostics;
using CodeFirstBpf.Generator.Backends;
using CodeFirstBpf.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CodeFirstBpf.Generator;

public sealed partial class BpfGenerator
{
    internal static class Emitter
    {
        private const string Rt = "global::CodeFirstBpf.Runtime.";

        public static void Emit(SourceProductionContext spc, ProgramClassModel model, GeneratorOptions options)
        {
            foreach (var d in model.Diagnostics)
                if (!(d.Shared && options.AnalyzersRun))
                    spc.ReportDiagnostic(Diagnostic.Create(BpfDiagnostics.ById(d.Id), d.ToLocation(), d.Args.Select(a => (object)a).ToArray()));
            bool cpuOk = true;
            foreach (var r in model.CpuRequirements)
            {
                if (string.CompareOrdinal(options.Cpu, r.MinCpu) >= 0 || options.Cpu is not ("v1" or "v2" or "v3" or "v4")) continue;
                cpuOk = false;
                spc.ReportDiagnostic(Diagnostic.Create(BpfDiagnostics.NeedsNewerCpu, r.Where.ToLocation(), r.Where.Args.AsImmutableArray()[0], r.MinCpu, options.Cpu, r.Where.Args.AsImmutableArray()[1]));
            }
            byte[] elf = Array.Empty<byte>();
            if (!model.HasErrors && !model.Incomplete && cpuOk)
            {
                elf = Compile(spc, model, options) ?? Array.Empty<byte>();
            }
            // A class that is not static partial cannot take generated members (BPF2005 says so):
            // emitting them anyway would add C# errors and hide every other diagnostic.
            if (!model.CanExtend) return;
            spc.AddSource(HintName(model), SourceText.From(Source(model, elf), Encoding.UTF8));
        }

        private static byte[]? Compile(SourceProductionContext spc, ProgramClassModel model, GeneratorOptions options)
        {
            if (options.Cpu is not ("v1" or "v2" or "v3" or "v4"))
            {
                spc.ReportDiagnostic(Diagnostic.Create(BpfDiagnostics.InvalidBpfCpu, Location.None, options.Cpu));
                return null;
            }
            string ir = PrepareIr(model, options);
            string? cacheKey = options.CacheDir.Length > 0 ? ObjectCache.Key(ir, options.Cpu, options.LlvmLibrary) : null;
            byte[]? cached = cacheKey != null ? ObjectCache.TryRead(options.CacheDir, cacheKey) : null;
            LlvmResult result;
            try
            {
                result = cached != null ? new LlvmResult(cached, null) : LlvmBackend.Compile(ir, options.Cpu, options.LlvmLibrary);
            }
            catch (Exception e)
            {
                result = new LlvmResult(null, e.GetType().Name + ": " + e.Message);
            }
            if (cacheKey != null && cached == null && result.Elf != null) ObjectCache.Write(options.CacheDir, cacheKey, result.Elf);
            if (options.EmitIntermediates) WriteIntermediates(options, model.ClassName, ir, result.Elf);
            if (result.LlvmMissing)
            {
                spc.ReportDiagnostic(Diagnostic.Create(BpfDiagnostics.LlvmNotFound, Location.None, result.Error));
                return null;
            }
            if (result.Elf == null)
            {
                foreach (var d in BackendDiagnostics.From(model, result))
                    spc.ReportDiagnostic(d);
                return null;
            }
            return result.Elf;
        }

        /// <summary>Unique per class: two classes of one name in different namespaces are two files.</summary>
        internal static string HintName(ProgramClassModel model)
            => (model.Namespace != null ? model.Namespace + "." : string.Empty) + model.ClassName + ".Bpf.g.cs";

        /// <summary>The model's IR made final for the options: relative paths, CPU-specific support functions.</summary>
        internal static string PrepareIr(ProgramClassModel model, GeneratorOptions options)
            => IrSupport.Append(RelativisePaths(model.IrText, options.ProjectDir), options.Cpu, model.Support);

        /// <summary>File names in debug info become project-relative, so the ELF does not depend on where the project sits.</summary>
        internal static string RelativisePaths(string ir, string projectDir)
        {
            if (projectDir.Length == 0) return ir;
            string dir = projectDir.Replace('\\', '/');
            if (!dir.EndsWith("/", StringComparison.Ordinal)) dir += "/";
            return ir.Replace("filename: \"" + dir, "filename: \"");
        }

#pragma warning disable RS1035 // Writing the .ll/.o is the opt-in purpose of BpfEmitIntermediates.
        private static void WriteIntermediates(GeneratorOptions options, string name, string ir, byte[]? elf)
        {
            if (options.IntermediateDir.Length == 0) return;
            try
            {
                System.IO.Directory.CreateDirectory(options.IntermediateDir);
                System.IO.File.WriteAllText(System.IO.Path.Combine(options.IntermediateDir, name + ".ll"), ir);
                if (elf != null) System.IO.File.WriteAllBytes(System.IO.Path.Combine(options.IntermediateDir, name + ".o"), elf);
            }
            catch (System.IO.IOException)
            {
                // Intermediates are a convenience; never fail the build over them.
            }
        }
#pragma warning restore RS1035

        internal static string Source(ProgramClassModel model, byte[] elf)
        {
            var w = new IndentedWriter();
            w.Line("// <auto-generated/> by CodeFirstBpf from " + model.ClassName + "; do not edit.");
            w.Line("#nullable enable");
            // The explicit marker tools read (cfbpf list/export/test-run): no reflection on member names.
            string fullName = (model.Namespace != null ? "global::" + model.Namespace + "." : "global::") + model.ClassName;
            w.Line("[assembly: global::CodeFirstBpf.BpfObject(typeof(" + fullName + "), new string[] { "
                + string.Join(", ", model.Programs.Select(p => "\"" + p.Name + ":" + p.Kind + "\"")) + " }, new string[] { "
                + string.Join(", ", model.Maps.Select(m => "\"" + m.Name + ":" + MapDisplay(m) + "\"")) + " })]");
            if (model.Namespace != null) w.Line("namespace " + model.Namespace + ";").Line();
            w.Open("partial class " + model.ClassName);
            // Base64, not a byte-array initializer: one string token instead of thousands of
            // literals keeps csc's parse/bind/emit of the generated file from dominating builds.
            w.Line("private static readonly byte[] s_elfBytes = global::System.Convert.FromBase64String(");
            w.Line("    \"" + Convert.ToBase64String(elf) + "\");");
            w.Line();
            w.Line("/// <summary>The BPF ELF object (bpfel, with BTF) compiled from this class.</summary>");
            w.Line("public static global::System.ReadOnlySpan<byte> ElfBytes => s_elfBytes;");
            w.Line();
            if (!model.HasRuntime)
            {
                // Without CodeFirstBpf.Runtime there is nothing to load with; the object is still
                // here for any libbpf-based loader.
                w.Close();
                return w.ToString();
            }
            w.Line("/// <summary>Opens and loads the object into the kernel (the verifier runs here).</summary>");
            w.Line("public static Loaded Load(" + Rt + "BpfLoadOptions? options = null)");
            w.Line("    => new Loaded(" + Rt + "BpfObject.Load(ElfBytes, \"" + model.ClassName + "\", options));");
            w.Line();
            var configs = model.Globals.Where(g => g.IsConfig).ToList();
            if (configs.Count > 0)
            {
                w.Line("/// <summary>Load options with the given [Config] values set (null leaves the declared default).</summary>");
                w.Open("public static " + Rt + "BpfLoadOptions Configure(" + Rt + "BpfLoadOptions? options = null, "
                    + string.Join(", ", configs.Select(g => g.Type + "? " + g.Name + " = null")) + ")");
                w.Line("var o = options ?? new " + Rt + "BpfLoadOptions();");
                foreach (var g in configs)
                    w.Line("if (" + g.Name + ".HasValue) o = o.WithConstant(\"" + g.Name + "\", " + g.Name + ".Value);");
                w.Line("return o;");
                w.Close();
                w.Line();
            }
            // A class with errors has no object to run and may have programs of the wrong shape: no pipeline surface.
            bool pipeline = !model.HasErrors;
            if (pipeline)
            {
                PipelineEmitter.EmitInterface(w, model);
                PipelineEmitter.EmitInMemory(w, model);
            }
            w.Line();
            w.Line("/// <summary>The loaded object with typed programs and maps; Dispose unloads it.</summary>");
            w.Open("public sealed class Loaded : global::System.IDisposable" + (pipeline ? ", " + Rt + "IBpfPipeline<IMaps>" : string.Empty));
            w.Open("internal Loaded(" + Rt + "BpfObject obj)");
            w.Line("Object = obj;");
            w.Line("Programs = new ProgramSet(obj);");
            w.Line("Maps = new MapSet(obj);");
            if (model.Globals.Count > 0) w.Line("Globals = new GlobalSet(obj);");
            w.Close();
            w.Line("/// <summary>The underlying libbpf object.</summary>");
            w.Line("public " + Rt + "BpfObject Object { get; }");
            w.Line("/// <summary>The programs, named after their C# methods.</summary>");
            w.Line("public ProgramSet Programs { get; }");
            w.Line("/// <summary>The maps, named after their C# fields.</summary>");
            w.Line("public MapSet Maps { get; }");
            if (model.Globals.Count > 0)
            {
                w.Line("/// <summary>The global variables (static fields), read and written while loaded.</summary>");
                w.Line("public GlobalSet Globals { get; }");
            }
            // Ring and perf buffer readers hold the map's descriptor and a libbpf consumer: closed before the object.
            var readers = model.Maps.Where(m => m.Kind is "RingBufferMap" or "PerfEventArrayMap").ToList();
            if (readers.Count == 0)
            {
                w.Line("/// <summary>Unloads programs and maps (links must be disposed first).</summary>");
                w.Line("public void Dispose() => Object.Dispose();");
            }
            else
            {
                w.Line("/// <summary>Closes the ring and perf buffer readers, then unloads programs and maps (links must be disposed first).</summary>");
                w.Open("public void Dispose()");
                foreach (var m in readers)
                    w.Line("Maps." + m.Name + ".Dispose();");
                w.Line("Object.Dispose();");
                w.Close();
            }
            if (pipeline) PipelineEmitter.EmitKernelMembers(w, model);
            w.Line();
            w.Line("/// <summary>Typed programs of " + model.ClassName + ".</summary>");
            w.Open("public sealed class ProgramSet");
            w.Open("internal ProgramSet(" + Rt + "BpfObject obj)");
            foreach (var p in model.Programs)
                w.Line(p.Name + " = obj.Get" + p.Kind + "Program(\"" + p.Name + "\");");
            w.Close();
            foreach (var p in model.Programs)
            {
                w.Line("/// <summary>The " + p.Kind + " program " + p.Name + ".</summary>");
                w.Line("public " + Rt + p.Kind + "Program " + p.Name + " { get; }");
            }
            w.Close();
            w.Line();
            w.Line("/// <summary>Typed maps of " + model.ClassName + ".</summary>");
            w.Open("public sealed class MapSet");
            w.Open("internal MapSet(" + Rt + "BpfObject obj)");
            foreach (var m in model.Maps)
                w.Line(m.Name + " = new " + MapType(m) + "(obj, \"" + m.Name + "\"" + (m.Inner is { } inner ? ", " + InnerSpec(inner) : string.Empty) + ");");
            w.Close();
            foreach (var m in model.Maps)
            {
                w.Line("/// <summary>The map " + m.Name + " (" + m.Kind + ", " + m.MaxEntries.ToString(CultureInfo.InvariantCulture) + " entries).</summary>");
                w.Line("public " + MapType(m) + " " + m.Name + " { get; }");
            }
            w.Close();
            if (model.Globals.Count > 0)
            {
                w.Line();
                w.Line("/// <summary>Typed global variables of " + model.ClassName + ".</summary>");
                w.Open("public sealed class GlobalSet");
                w.Line("private readonly " + Rt + "BpfGlobals _globals;");
                w.Line("internal GlobalSet(" + Rt + "BpfObject obj) => _globals = obj.Globals;");
                foreach (var g in model.Globals)
                {
                    w.Line("/// <summary>" + g.Name + " (" + g.Section + (g.IsConfig ? ", set before load with Configure" : "") + ").</summary>");
                    w.Line(g.IsConfig
                        ? "public " + g.Type + " " + g.Name + " => _globals.Read<" + g.Type + ">(\"" + g.Name + "\");"
                        : "public " + g.Type + " " + g.Name + " { get => _globals.Read<" + g.Type + ">(\"" + g.Name + "\"); set => _globals.Write(\"" + g.Name + "\", value); }");
                }
                w.Close();
            }
            w.Close();
            w.Close();
            return w.ToString();
        }

        /// <summary>The map's C# type as a user wrote it (<c>HashMap&lt;uint, ulong&gt;</c>), for tools.</summary>
        private static string MapDisplay(MapModel m) => TypeName(m.Kind, m.KeyType, m.Inner is { } i ? TypeName(i.Kind, i.KeyType, i.ValueType, string.Empty) : m.ValueType, string.Empty)
            .Replace("global::", string.Empty);

        private static string MapType(MapModel m)
            => TypeName(m.Kind, m.KeyType, m.Inner is { } i ? TypeName(i.Kind, i.KeyType, i.ValueType, Rt) : m.ValueType, Rt);

        /// <summary><c>Kind&lt;Key, Value&gt;</c> with the type arguments it has (ProgramArrayMap, DevMap, CpuMap, XskMap have none).</summary>
        private static string TypeName(string kind, string? key, string? value, string prefix)
            => key == null && value == null ? prefix + kind : prefix + kind + "<" + (key != null ? key + ", " : string.Empty) + value + ">";

        /// <summary>The runtime's <c>BpfMapSpec</c> of a map of maps' inner template, so userspace creates inner maps the kernel takes.</summary>
        private static string InnerSpec(InnerMapModel i)
            => "new " + Rt + "BpfMapSpec((" + Rt + "BpfMapType)" + i.MapType.ToString(CultureInfo.InvariantCulture) + ", " + i.KeySize.ToString(CultureInfo.InvariantCulture) + ", "
               + i.ValueSize.ToString(CultureInfo.InvariantCulture) + ", " + i.MaxEntries.ToString(CultureInfo.InvariantCulture) + "u, (global::CodeFirstBpf.MapFlags)" + i.Flags.ToString(CultureInfo.InvariantCulture) + "u)";
    }
}
