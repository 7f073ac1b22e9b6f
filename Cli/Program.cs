using System;
using CodeFirstBpf.Cli;

// cfbpf: command-line companion of CodeFirstBpf.
return args.Length > 0 && args[0] == "verify"
    ? VerifyCommand.Run(args[1..])
    : Usage();

static int Usage()
{
    Console.Error.WriteLine("usage: cfbpf verify <object.o | directory> [--project-dir DIR]");
    Console.Error.WriteLine("  Loads each BPF object into the kernel and reports a verifier rejection as a compiler error at the C# line.");
    return 2;
}
