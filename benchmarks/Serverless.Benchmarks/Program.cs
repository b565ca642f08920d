using BenchmarkDotNet.Running;

// End-to-end runs against Azurite and the local host are timed runs, not BenchmarkDotNet jobs: one national day takes seconds.
if (args is ["scoring-e2e", .. var rest]) return await Serverless.Benchmarks.LocalHost.ScoringEndToEnd.RunAsync(rest);
if (args is ["partitions", .. var load]) return await Serverless.Benchmarks.LocalHost.PartitionLoad.RunAsync(load);
if (args is ["soak", .. var soak]) return await Serverless.Benchmarks.LocalHost.Soak.RunAsync(soak);
if (args is ["scoring-steps", .. var steps]) return await Serverless.Benchmarks.LocalHost.ScoringSteps.RunAsync(steps);
if (args is ["whatif", .. var whatIf]) return await Serverless.Benchmarks.LocalHost.WhatIfVersusRescore.RunAsync(whatIf);

if (args is ["month-close", .. var sizes]) return await Serverless.Benchmarks.MonthClose.MonthCloseBenchmark.RunAsync(sizes);
if (args is ["web-pages", .. var agents]) return await Serverless.Benchmarks.Web.WebPagesBenchmark.RunAsync(agents);
if (await Serverless.Benchmarks.Exports.ExportModes.TryRunAsync(args)) return 0;
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

public partial class Program;
