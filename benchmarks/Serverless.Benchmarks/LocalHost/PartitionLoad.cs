using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Application.UseCases;
using Serverless.Benchmarks.MonthClose;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.LocalHost;
using Serverless.Samples;
using Serverless.Storage;
using Serverless.Testing.Storage;

namespace Serverless.Benchmarks.LocalHost;

/// <summary>
/// <c>partitions [agents] [--close-agents=N]</c>: how the app's table writes fall on partitions during a national day
/// (the calls, agent-time and quality files dropped at once, until every agent-day is scored) and a month close
/// (<c>PublishMonth</c> run now), each on a fresh local host whose table endpoint — for the handler and the host alike —
/// is a counting proxy before Azurite (<see cref="TableWriteCounter"/>). Per table: entities written, the busiest
/// partition (its key's pattern only, never an agent id), its entities and its peak in any one second; per phase the
/// time Azure Table storage's targets imply for that traffic (2,000 entities/s a partition, 20,000/s the account):
/// max(busiest partition / 2,000, all / 20,000), beside the time measured here. Seeding goes to Azurite directly and is
/// not counted.
/// </summary>
public static class PartitionLoad
{
    /// <summary>Microsoft Learn, "Scalability and performance targets for Table storage".</summary>
    private const double PartitionTarget = 2_000, AccountTarget = 20_000;

    private static readonly DateOnly Day = new(2026, 10, 1);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var agents = args.FirstOrDefault(a => !a.StartsWith('-')) is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 20_000;
        var closeAgents = args.FirstOrDefault(a => a.StartsWith("--close-agents=", StringComparison.Ordinal)) is { } c
            ? int.Parse(c["--close-agents=".Length..], CultureInfo.InvariantCulture) : agents;
        Console.WriteLine($"table writes per partition on the local host + Azurite (Release handler) — {Environment.ProcessorCount} cores; targets {PartitionTarget:N0} entities/s a partition, {AccountTarget:N0}/s the account");
        var day = await NationalDayAsync(agents);
        var close = await MonthCloseAsync(closeAgents);
        Console.WriteLine();
        Console.WriteLine("| phase | measured here (s) | entities written | busiest partition | its entities | modelled Azure time (s) |");
        Console.WriteLine("| --- | ---: | ---: | --- | ---: | ---: |");
        foreach (var phase in new[] { day, close }) Console.WriteLine(phase.Row());
        return 0;
    }

    private static async Task<PhaseLoad> NationalDayAsync(int agents)
    {
        var root = AzuriteProcess.FindRepoRoot(AppContext.BaseDirectory);
        await using var counter = await TableWriteCounter.StartAsync();
        await using var stack = await StartAsync(root, counter);
        var storage = BenchmarkStorage.Of(stack.StorageConnectionString);
        await StorageInitializer.EnsureCreatedAsync(storage, CancellationToken.None);
        var journal = stack.Host.Services.GetRequiredService<InvocationJournal>();
        var queue = new QueueServiceClient(stack.StorageConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }).GetQueueClient("score-requests");
        await queue.CreateIfNotExistsAsync();
        var sample = new SampleOptions { Agents = agents, Days = 1, StartDate = Day, Source = "bench" };
        var exports = new BlobServiceClient(stack.StorageConnectionString).GetBlobContainerClient("exports");
        await exports.UploadBlobAsync(new ExportPath(ExportKind.Roster, Day, sample.Source, false).BlobName, await ScoringEndToEnd.FileAsync(s => SampleGenerator.WriteRoster(s, sample)));
        await ScoringEndToEnd.SettledAsync(journal, queue, parses: 1);
        var files = new List<(ExportKind Kind, BinaryData Content)>
        {
            (ExportKind.Calls, await ScoringEndToEnd.FileAsync(s => SampleGenerator.WriteCalls(s, sample, Day))),
            (ExportKind.AgentTime, await ScoringEndToEnd.FileAsync(s => SampleGenerator.WriteAgentTime(s, sample, Day))),
            (ExportKind.Quality, await ScoringEndToEnd.FileAsync(s => SampleGenerator.WriteQuality(s, sample, Day))),
        };
        var start = Stopwatch.GetTimestamp();
        var dropped = await ScoringEndToEnd.DropAsync(journal, queue, exports, Day, sample.Source, files, parsesBefore: 1);
        var end = Stopwatch.GetTimestamp();
        var agentDays = await new MetricsStore(storage).GetAgentIdsAsync(Day, CancellationToken.None);
        await ScoringEndToEnd.CountScoredAsync(storage, Day, agentDays.Count);
        return PhaseLoad.Print($"national day {Day:yyyy-MM-dd}, {agents:N0} agents (drop calls + agent-time + quality → {agentDays.Count:N0} agent-days scored)",
            counter.Writes, start, end, dropped.Elapsed);
    }

    private static async Task<PhaseLoad> MonthCloseAsync(int agents)
    {
        var root = AzuriteProcess.FindRepoRoot(AppContext.BaseDirectory);
        await using var counter = await TableWriteCounter.StartAsync();
        await using var stack = await StartAsync(root, counter);
        var storage = BenchmarkStorage.Of(stack.StorageConnectionString);
        await StorageInitializer.EnsureCreatedAsync(storage, default);
        var month = new BusinessCalendar(TimeProvider.System).MonthToClose;
        var data = BenchmarkMonth.Generate(month, agents, seed: 95598);
        // Seeded straight into Azurite (not through the proxy) as the month-close benchmark does, without the daily
        // ledger: the close neither reads nor writes it.
        await MonthCloseBenchmark.SeedAsync(storage, data, dailyLedger: false, ledgerDays: 0);
        var timer = stack.Host.Services.GetServices<TimerTrigger>().Single(t => t.FunctionName == "PublishMonth");
        var start = Stopwatch.GetTimestamp();
        var outcome = await timer.RunNowAsync(default);
        var end = Stopwatch.GetTimestamp();
        if (!outcome.Succeeded) throw new InvalidOperationException($"PublishMonth failed: {outcome.Failure}");
        return PhaseLoad.Print($"month close {month}, {agents:N0} agents ({data.AgentDays:N0} agent-days; PublishMonth run now → published)",
            counter.Writes, start, end, Stopwatch.GetElapsedTime(start, end));
    }

    /// <summary>The stack with every storage setting's table endpoint at the proxy: the handler, the host and the triggers write through it.</summary>
    private static Task<LocalStack> StartAsync(string root, TableWriteCounter counter) => LocalStack.StartAsync(
        root,
        LocalStack.BuiltHandlerCommand(root, "Release"),
        options =>
        {
            var direct = options.StorageConnectionString;
            var proxied = counter.Rewrite(direct);
            var settings = options.AppSettings.ToDictionary(p => p.Key, p => p.Value == direct ? proxied : p.Value, StringComparer.OrdinalIgnoreCase);
            return options with { StorageConnectionString = proxied, AppSettings = settings, EnableTimers = false, PollInterval = TimeSpan.FromMilliseconds(50) };
        },
        logging => logging.SetMinimumLevel(LogLevel.Warning));

    private sealed record PhaseLoad(string Name, TimeSpan Measured, int Entities, string Busiest, int BusiestEntities, double Modelled)
    {
        public string Row() => string.Create(CultureInfo.InvariantCulture,
            $"| {Name} | {Measured.TotalSeconds:0.0} | {Entities:N0} | {Busiest} | {BusiestEntities:N0} | **{Modelled:0.0}** |");

        public static PhaseLoad Print(string name, IReadOnlyList<(TableWrite Write, long Timestamp)> all, long start, long end, TimeSpan measured)
        {
            var writes = all.Where(w => w.Timestamp >= start && w.Timestamp <= end).ToList();
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {measured.TotalSeconds:0.00} s measured here"));
            Console.WriteLine("| table | entities | partitions | busiest partition | its entities | its peak here (entities in one second) |");
            Console.WriteLine("| --- | ---: | ---: | --- | ---: | ---: |");
            (string Table, string Partition, int Count) busiest = ("-", "-", 0);
            foreach (var table in writes.GroupBy(w => w.Write.Table, StringComparer.Ordinal).OrderByDescending(g => g.Count()))
            {
                var partitions = table.GroupBy(w => w.Write.PartitionKey, StringComparer.Ordinal).ToList();
                var top = partitions.MaxBy(p => p.Count())!;
                var peak = top.GroupBy(w => (w.Timestamp - start) / Stopwatch.Frequency).Max(s => s.Count());
                if (top.Count() > busiest.Count) busiest = (table.Key, top.Key, top.Count());
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {table.Key} | {table.Count():N0} | {partitions.Count:N0} | {TableWrites.Pattern(top.Key)} | {top.Count():N0} | {peak:N0} |"));
            }
            var accountPeak = writes.Count == 0 ? 0 : writes.GroupBy(w => (w.Timestamp - start) / Stopwatch.Frequency).Max(s => s.Count());
            var byPartition = busiest.Count / PartitionTarget;
            var byAccount = writes.Count / AccountTarget;
            var pattern = $"{busiest.Table} '{TableWrites.Pattern(busiest.Partition)}'";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"all tables: {writes.Count:N0} entities (peak here {accountPeak:N0} in one second); busiest partition {pattern}: {busiest.Count:N0} entities → {byPartition:0.0} s at {PartitionTarget:N0}/s; account: {writes.Count:N0} / {AccountTarget:N0}/s = {byAccount:0.0} s"));
            var modelled = Math.Max(byPartition, byAccount);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"modelled Azure time (writes alone) = max({byPartition:0.0}, {byAccount:0.0}) = {modelled:0.0} s; measured here {measured.TotalSeconds:0.0} s"));
            return new PhaseLoad(name, measured, writes.Count, pattern, busiest.Count, modelled);
        }
    }
}
