using System.Runtime.CompilerServices;

// The maps are internal to the program class; the tests fill them when they run the programs as .NET.
[assembly: InternalsVisibleTo("CodeFirstBpf.Samples.Tests")]
