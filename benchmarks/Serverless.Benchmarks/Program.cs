using BenchmarkDotNet.Running;

if (await Serverless.Benchmarks.Exports.ExportModes.TryRunAsync(args)) return;
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
