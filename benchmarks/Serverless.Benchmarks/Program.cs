using BenchmarkDotNet.Running;

if (args is ["month-close", .. var sizes]) return await Serverless.Benchmarks.MonthClose.MonthCloseBenchmark.RunAsync(sizes);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

public partial class Program;
