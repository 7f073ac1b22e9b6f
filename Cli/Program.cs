using System;
using CodeFirstBpf.Cli;
using CodeFirstBpf.Runtime;

// cfbpf: command-line companion of CodeFirstBpf.
try
{
    return args switch
    {
        ["verify", .. var rest] when rest.Length > 0 => VerifyCommand.Run(rest),
        ["list", var assembly] => ObjectCommands.List(assembly),
        ["export", var assembly, var directory] => ObjectCommands.Export(assembly, directory),
        ["test-run", var assembly, var program, var packet] => ObjectCommands.TestRun(assembly, program, packet, 1),
        ["test-run", var assembly, var program, var packet, var repeat] => ObjectCommands.TestRun(assembly, program, packet, int.Parse(repeat)),
        _ => Usage(),
    };
}
catch (Exception e) when (e is BpfException or ArgumentException or System.IO.IOException)
{
    Console.Error.WriteLine("cfbpf: " + e.Message);
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          cfbpf list <assembly.dll>                          programs and maps of every program class
          cfbpf export <assembly.dll> <directory>            write each class's BPF object as <Class>.o
          cfbpf test-run <assembly.dll> <Class.Program> <packet-file> [repeat]
                                                             run a raw frame through a program (BPF_PROG_TEST_RUN)
          cfbpf verify <object.o | directory> [--project-dir DIR]
                                                             load objects; verifier rejections as compiler errors
        """);
    return 2;
}
