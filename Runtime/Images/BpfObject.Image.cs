using System;
using System.IO;

namespace CodeFirstBpf.Runtime;

public sealed partial class BpfObject
{
    /// <summary>
    /// Pulls a bpfman bytecode image from its registry, checks the manifest, config and layer
    /// against their digests and the <c>io.ebpf.*</c> labels against the object, and loads the
    /// object it carries (named after its file, <c>IcmpFilter.o</c> → <c>IcmpFilter</c>).
    /// </summary>
    /// <param name="reference">E.g. <c>registry.example:5000/fleet/icmpfilter:v1</c> or <c>…@sha256:…</c>.</param>
    /// <param name="options">Load options, as for <see cref="Load"/>.</param>
    /// <param name="registry">Transport and credentials; loopback registries speak HTTP by default.</param>
    /// <exception cref="ArgumentException">The reference is malformed.</exception>
    /// <exception cref="BpfImageException">The image cannot be pulled or is not a valid bytecode image.</exception>
    /// <exception cref="BpfException">The object does not load.</exception>
    public static BpfObject LoadFromImage(string reference, BpfLoadOptions? options = null, RegistryOptions? registry = null)
    {
        BytecodeImage image = OciRegistry.Pull(ImageReference.Parse(reference), registry);
        return Load(image.Object.Span, Path.GetFileNameWithoutExtension(image.ObjectFileName), options);
    }
}
