using System.Diagnostics;
using System.Globalization;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Pipeline;
using Serverless.LocalHost;
using Serverless.Storage;

namespace Serverless.Benchmarks.MonthClose;

/// <summary>
/// <c>month-close [agents…]</c>: times a month close (<see cref="MonthPublisher.PublishAsync"/>) per agent count on a fresh
/// Azurite, against a baseline in the same run: uploading the same published bytes as plain blobs.
/// </summary>
public static class MonthCloseBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int[] sizes = args.Length == 0 ? [2_100, 20_000] : [.. args.Select(a => int.Parse(a, CultureInfo.InvariantCulture))];
        Console.WriteLine($"month close on Azurite — {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Console.WriteLine("| agents | seed roster (s) | month close (s) | baseline: upload same bytes (s) | files (KB) | ranked | paid |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var agents in sizes) await RunOnceAsync(agents);
        return 0;
    }

    private static async Task RunOnceAsync(int agents)
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteProcess.FindRepoRoot(AppContext.BaseDirectory));
        var storage = StorageClients.FromConnectionString(azurite.ConnectionString);
        await StorageInitializer.EnsureCreatedAsync(storage, default);
        var month = new YearMonth(2026, 10);
        var data = BenchmarkAgentMonths.Generate(month, agents, seed: 95598);
        var roster = new RosterStore(storage);

        var seed = Stopwatch.StartNew();
        await roster.UpsertAsync([.. Enumerable.Range(0, agents).Select(a => new RosterRecord($"B{a:D6}", $"坐席{a}", $"客服{a % 11 + 1}部", "电费", $"{a % 40}班", new DateOnly(2020, 1, 1), RosterStatus.Active))], default);
        seed.Stop();

        var clock = TimeProvider.System;
        var publications = new PublicationStore(storage, clock);
        var publisher = new MonthPublisher(data, data, new AwardStore(storage), new RulesStore(storage), roster,
            new StandingStore(storage), publications, clock, new MonthCloseOptions());
        var close = Stopwatch.StartNew();
        var outcome = await publisher.PublishAsync(month, default);
        close.Stop();
        if (outcome.Status != MonthCloseStatus.Published) throw new InvalidOperationException($"The close did not publish: {outcome.Message}");

        // Baseline: the same files' bytes uploaded as plain blobs, no scoring, no claims, no standings.
        var files = new List<(string Name, byte[] Bytes)>();
        foreach (var f in outcome.Manifest!.Files.Select(f => f.Name).Append("manifest.json"))
        {
            files.Add((f, (await publications.ReadFileAsync(month, 1, f, default))!));
        }
        var baselineContainer = storage.Blobs.GetBlobContainerClient("baseline");
        await baselineContainer.CreateIfNotExistsAsync();
        var baseline = Stopwatch.StartNew();
        await Task.WhenAll(files.Select(f => baselineContainer.GetBlobClient(f.Name).UploadAsync(BinaryData.FromBytes(f.Bytes), overwrite: true)));
        baseline.Stop();

        var kb = files.Sum(f => f.Bytes.LongLength) / 1024;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {agents:N0} | {seed.Elapsed.TotalSeconds:0.00} | {close.Elapsed.TotalSeconds:0.00} | {baseline.Elapsed.TotalSeconds:0.00} | {kb:N0} | {outcome.Manifest.RowCount:N0} | {outcome.Manifest.PaidCount:N0} |"));
    }
}
