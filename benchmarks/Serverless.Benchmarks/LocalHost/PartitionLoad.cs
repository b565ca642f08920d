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
        var agents = Positional(args).FirstOrDefault() is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 20_000;
        var closeAgents = Option(args, "--close-agents") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : agents;
        var closeOnly = args.Contains("--close-only");
        Console.WriteLine($"table writes per partition on the local host + Azurite (Release handler) — {Environment.ProcessorCount} cores; targets {PartitionTarget:N0} entities/s a partition, {AccountTarget:N0}/s the account");
        if (Option(args, "--compare-buckets") is { } compare)
        {
            var buckets = compare.Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToList();
            var rounds = Option(args, "--rounds") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 3;
            return await CompareAsync(agents, closeAgents, buckets, rounds, closeOnly);
        }
        // One configuration: the bucket count of the environment (Storage__PartitionBuckets), as the handler would read it.
        var configured = BenchmarkStorage.Of("UseDevelopmentStorage=true").Partitions.Buckets;
        var phases = new List<PhaseLoad>();
        if (!closeOnly) phases.Add(await NationalDayAsync(agents, configured));
        phases.Add(await MonthCloseAsync(closeAgents, configured));
        Console.WriteLine();
        Console.WriteLine("| phase | measured here (s) | entities written | busiest partition | its entities | modelled Azure time (s) |");
        Console.WriteLine("| --- | ---: | ---: | --- | ---: | ---: |");
        foreach (var phase in phases) Console.WriteLine(phase.Row());
        return 0;
    }

    /// <summary>
    /// The configurations alternated, A B A B … (<paramref name="rounds"/> rounds, each configuration once a round), every
    /// phase of every round on a fresh local host and Azurite with the same generated data; per-round times, the medians
    /// and the median of the per-round ratios against the first configuration, so load that drifts during the session
    /// falls on both.
    /// </summary>
    private static async Task<int> CompareAsync(int agents, int closeAgents, IReadOnlyList<int> buckets, int rounds, bool closeOnly)
    {
        if (buckets.Count < 2) throw new ArgumentException("--compare-buckets needs two or more bucket counts, e.g. 1,16.");
        var results = new List<(int Round, int Buckets, PhaseLoad? Day, PhaseLoad Close, double Load)>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var b in buckets)
            {
                var load = LoadAverage();
                Console.WriteLine();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"=== round {round} of {rounds}, {b} bucket{(b == 1 ? "" : "s")} (load average {load:0.0}, {DateTime.UtcNow:HH:mm:ss} UTC) ==="));
                var day = closeOnly ? null : await NationalDayAsync(agents, b);
                var close = await MonthCloseAsync(closeAgents, b);
                results.Add((round, b, day, close, load));
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"per round ({agents:N0} agents for the national day, {closeAgents:N0} for the close; times measured here):"));
        Console.WriteLine("| round | buckets | load at start | national day (s) | busiest partition (day) | its entities | modelled (s) | month close (s) | busiest partition (close) | its entities | modelled (s) |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- | ---: | ---: |");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Round} | {r.Buckets} | {r.Load:0.0} | {Seconds(r.Day?.Measured)} | {r.Day?.Busiest ?? "-"} | {r.Day?.BusiestEntities.ToString("N0", CultureInfo.InvariantCulture) ?? "-"} | {r.Day?.Modelled.ToString("0.0", CultureInfo.InvariantCulture) ?? "-"} | {Seconds(r.Close.Measured)} | {r.Close.Busiest} | {r.Close.BusiestEntities:N0} | {r.Close.Modelled:0.0} |"));
        }
        Console.WriteLine();
        var baseline = buckets[0];
        Console.WriteLine($"medians over {rounds} rounds; ratio = this configuration's time / the time with {baseline} bucket{(baseline == 1 ? "" : "s")} in the same round (below 1: faster), median of the rounds' ratios:");
        Console.WriteLine("| buckets | national day, median (s) | ratio (median of rounds) | month close, median (s) | ratio (median of rounds) |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
        foreach (var b in buckets)
        {
            var mine = results.Where(r => r.Buckets == b).ToList();
            var theirs = results.Where(r => r.Buckets == baseline).ToDictionary(r => r.Round);
            string DayRatio() => closeOnly ? "-" : Median(mine.Select(r => r.Day!.Measured.TotalSeconds / theirs[r.Round].Day!.Measured.TotalSeconds)).ToString("0.00", CultureInfo.InvariantCulture);
            var closeRatio = Median(mine.Select(r => r.Close.Measured.TotalSeconds / theirs[r.Round].Close.Measured.TotalSeconds));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {b} | {(closeOnly ? "-" : Median(mine.Select(r => r.Day!.Measured.TotalSeconds)).ToString("0.00", CultureInfo.InvariantCulture))} | {DayRatio()} | {Median(mine.Select(r => r.Close.Measured.TotalSeconds)):0.00} | {closeRatio:0.00} |"));
        }
        return 0;
    }

    private static string Seconds(TimeSpan? time) => time is { } t ? t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The 1-minute load average (Linux), to print beside each round; NaN elsewhere.</summary>
    private static double LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
#pragma warning disable CA1031 // Only a figure printed beside the times.
        catch (Exception)
#pragma warning restore CA1031
        {
            return double.NaN;
        }
    }

    private static IEnumerable<string> Positional(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith('-'))
            {
                // "--name value" takes the next argument; "--name=value" and flags do not.
                if (!args[i].Contains('=', StringComparison.Ordinal) && args[i] is "--compare-buckets" or "--rounds" or "--close-agents") i++;
                continue;
            }
            yield return args[i];
        }
    }

    /// <summary>An option's value, as <c>--name=value</c> or <c>--name value</c>.</summary>
    private static string? Option(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal)) return args[i][(name.Length + 1)..];
            if (args[i] == name && i + 1 < args.Count) return args[i + 1];
        }
        return null;
    }

    private static async Task<PhaseLoad> NationalDayAsync(int agents, int buckets)
    {
        var root = AzuriteProcess.FindRepoRoot(AppContext.BaseDirectory);
        await using var counter = await TableWriteCounter.StartAsync();
        await using var stack = await StartAsync(root, counter, buckets);
        var storage = BenchmarkStorage.Of(stack.StorageConnectionString, buckets);
        await StorageInitializer.EnsureCreatedAsync(storage, CancellationToken.None);
        var journal = stack.Host.Services.GetRequiredService<InvocationJournal>();
        var queue = new QueueServiceClient(stack.StorageConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }).GetQueueClient("score-requests");
        await queue.CreateIfNotExistsAsync();
        var sample = new SampleOptions { Agents = agents, Days = 1, StartDate = Day, Source = "bench" };
        var exports = new BlobServiceClient(stack.StorageConnectionString).GetBlobContainerClient("exports");
        await ScoringEndToEnd.DropRosterAsync(journal, queue, exports, stack.StorageConnectionString, Day, sample.Source, await ScoringEndToEnd.FileAsync(s => SampleGenerator.WriteRoster(s, sample)));
        var files = new List<(ExportKind Kind, BinaryData Content)>
        {
            (ExportKind.Calls, await ScoringEndToEnd.FileAsync(s => SampleGenerator.WriteCalls(s, sample, Day))),
            (ExportKind.AgentTime, await ScoringEndToEnd.FileAsync(s => SampleGenerator.WriteAgentTime(s, sample, Day))),
            (ExportKind.Quality, await ScoringEndToEnd.FileAsync(s => SampleGenerator.WriteQuality(s, sample, Day))),
        };
        var dropped = await ScoringEndToEnd.DropAsync(journal, queue, exports, storage, stack.StorageConnectionString, Day, sample.Source, files, parsesBefore: 1);
        var agentDays = await new MetricsStore(storage).GetAgentIdsAsync(Day, CancellationToken.None);
        await ScoringEndToEnd.CountScoredAsync(storage, Day, agentDays.Count);
        return PhaseLoad.Print($"national day {Day:yyyy-MM-dd}, {agents:N0} agents, {buckets} bucket{(buckets == 1 ? "" : "s")} (drop calls + agent-time + quality → {agentDays.Count:N0} agent-days scored)",
            counter.Writes, dropped.Started, dropped.Ended, dropped.Elapsed);
    }

    private static async Task<PhaseLoad> MonthCloseAsync(int agents, int buckets)
    {
        var root = AzuriteProcess.FindRepoRoot(AppContext.BaseDirectory);
        await using var counter = await TableWriteCounter.StartAsync();
        await using var stack = await StartAsync(root, counter, buckets);
        var storage = BenchmarkStorage.Of(stack.StorageConnectionString, buckets);
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
        return PhaseLoad.Print($"month close {month}, {agents:N0} agents, {buckets} bucket{(buckets == 1 ? "" : "s")} ({data.AgentDays:N0} agent-days; PublishMonth run now → published)",
            counter.Writes, start, end, Stopwatch.GetElapsedTime(start, end));
    }

    /// <summary>The stack with every storage setting's table endpoint at the proxy: the handler, the host and the triggers write through it.</summary>
    private static Task<LocalStack> StartAsync(string root, TableWriteCounter counter, int buckets) => LocalStack.StartAsync(
        root,
        LocalStack.BuiltHandlerCommand(root, "Release"),
        options =>
        {
            var direct = options.StorageConnectionString;
            var proxied = counter.Rewrite(direct);
            var settings = options.AppSettings.ToDictionary(p => p.Key, p => p.Value == direct ? proxied : p.Value, StringComparer.OrdinalIgnoreCase);
            settings["Storage__PartitionBuckets"] = buckets.ToString(CultureInfo.InvariantCulture);
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
