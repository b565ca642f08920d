using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.UseCases;
using Serverless.Domain.Scoring;
using Serverless.LocalHost;
using Serverless.Samples;
using Serverless.Storage;

namespace Serverless.Benchmarks.LocalHost;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Serverless.Benchmarks -- scoring-e2e [agents]</c>: one national day
/// (20,000 agents by default) through Azurite and the local host running the Release handler. One run, five figures:
/// the storage baseline (as many rows merely written to a table in 100-entity batches); a real national day — the
/// calls, agent-time and quality files dropped together — until every agent-day is scored; the single-file baseline
/// (the next day's calls file alone); re-scoring the national day from score requests alone (nothing changed); and
/// re-scoring it under a new rules version (every ledger entry rewritten).
/// </summary>
public static class ScoringEndToEnd
{
    private static readonly DateOnly Day = new(2026, 10, 1);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var agents = args.Count > 0 && !args[0].StartsWith('-') ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var root = AzuriteProcess.FindRepoRoot(AppContext.BaseDirectory);
        await using var stack = await LocalStack.StartAsync(
            root,
            LocalStack.BuiltHandlerCommand(root, "Release"),
            options => options with { EnableTimers = false, PollInterval = TimeSpan.FromMilliseconds(50) },
            logging => logging.SetMinimumLevel(args.Contains("--log") ? LogLevel.Information : LogLevel.Warning));
        var storage = BenchmarkStorage.Of(stack.StorageConnectionString);
        await StorageInitializer.EnsureCreatedAsync(storage, CancellationToken.None);
        var journal = stack.Host.Services.GetRequiredService<InvocationJournal>();
        var started = Stopwatch.StartNew();
        if (args.Contains("--timeline"))
        {
            journal.Recorded += o => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {started.Elapsed.TotalSeconds,7:0.00} s  {o.Function} took {o.Duration.TotalSeconds:0.00} s{(o.Succeeded ? "" : " FAILED")}"));
        }
        var queue = new QueueServiceClient(stack.StorageConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }).GetQueueClient("score-requests");
        await queue.CreateIfNotExistsAsync();

        var baseline = await BaselineAsync(storage, agents);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"baseline: {agents:N0} rows written in 100-entity batches: {baseline.TotalSeconds:0.00} s"));

        var sample = new SampleOptions { Agents = agents, Days = 1, StartDate = Day, Source = "bench" };
        var exports = new BlobServiceClient(stack.StorageConnectionString).GetBlobContainerClient("exports");
        var roster = await FileAsync(s => SampleGenerator.WriteRoster(s, sample));
        await exports.UploadBlobAsync(new ExportPath(ExportKind.Roster, Day, sample.Source, false).BlobName, roster);
        await SettledAsync(journal, queue, parses: 1);

        // A real national day: the calls, agent-time and quality files, dropped together (they arrive within minutes of
        // each other, and the order they are imported in is up to the host).
        var files = new List<(ExportKind Kind, BinaryData Content)>
        {
            (ExportKind.Calls, await FileAsync(s => SampleGenerator.WriteCalls(s, sample, Day))),
            (ExportKind.AgentTime, await FileAsync(s => SampleGenerator.WriteAgentTime(s, sample, Day))),
            (ExportKind.Quality, await FileAsync(s => SampleGenerator.WriteQuality(s, sample, Day))),
        };
        var dropped = await DropAsync(journal, queue, exports, Day, sample.Source, files, parsesBefore: 1);
        var agentDays = await new MetricsStore(storage).GetAgentIdsAsync(Day, CancellationToken.None);
        var scored = await CountScoredAsync(storage, Day, agentDays.Count);
        var dayRows = await LedgerRowsAsync(storage, Day);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"national day: drop calls ({files[0].Content.ToMemory().Length / 1e6:0.0} MB) + agent-time + quality → all scored: {dropped.Elapsed.TotalSeconds:0.00} s for {agentDays.Count:N0} agent-days ({dropped.Messages} score messages, {scored:N0} scored with a time record, {dayRows:N0} ledger rows)"));

        if (args.Contains("--national-day-only")) return 0;

        // The single-file baseline, same run: the next day's calls file alone (the issue's first figure).
        var next = Day.AddDays(1);
        var nextSample = sample with { StartDate = next };
        var single = await DropAsync(journal, queue, exports, next, sample.Source,
            [(ExportKind.Calls, await FileAsync(s => SampleGenerator.WriteCalls(s, nextSample, next)))], parsesBefore: 4);
        var nextDays = await new MetricsStore(storage).GetAgentIdsAsync(next, CancellationToken.None);
        await CountScoredAsync(storage, next, nextDays.Count);
        var nextRows = await LedgerRowsAsync(storage, next);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"single-file baseline: drop the next day's calls file alone → all scored: {single.Elapsed.TotalSeconds:0.00} s for {nextDays.Count:N0} agent-days ({single.Messages} score messages, {nextRows:N0} ledger rows)"));

        var requests = ScoreRequest.Batches(Day, agentDays, "benchmark", null, new ScoreRequestLimits(Serverless.CustomHandler.TransportLimits.MaxAgentsPerScoreRequest, Serverless.CustomHandler.TransportLimits.MaxScoreRequestBytes)).ToList();
        var rescore = await ScoreAllAsync(journal, queue, requests);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"re-score the day from {requests.Count} score requests, nothing changed (reads; no row rewritten): {rescore.TotalSeconds:0.00} s for {agentDays.Count:N0} agent-days ({agentDays.Count / rescore.TotalSeconds:N0} agent-days/s; {rescore.TotalSeconds / baseline.TotalSeconds:0.0}× the baseline)"));

        // A new rules version from the benchmark's day: every entry's version changes, so every ledger row and month row is rewritten.
        var json = RulePresets.ReadJson(RulePresets.PositiveIncentive)
            .Replace("\"version\": \"2026.1\"", "\"version\": \"2026.10\"", StringComparison.Ordinal)
            .Replace("\"effectiveFrom\": \"2026-01-01\"", "\"effectiveFrom\": \"2026-10-01\"", StringComparison.Ordinal);
        var version = RulesDocument.Parse(json).Value ?? throw new InvalidOperationException("The benchmark's rules version does not read.");
        await new RulesStore(storage).AddAsync(version, json, CancellationToken.None);
        var rewrite = await ScoreAllAsync(journal, queue, requests);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"re-score the day under a new rules version from {requests.Count} score requests (every ledger and month row rewritten): {rewrite.TotalSeconds:0.00} s for {agentDays.Count:N0} agent-days ({agentDays.Count / rewrite.TotalSeconds:N0} agent-days/s; {rewrite.TotalSeconds / baseline.TotalSeconds:0.0}× the baseline)"));
        var failures = journal.Snapshot().Where(p => p.Value.Failed > 0).Select(p => $"{p.Key}: {p.Value.Failed} failed, last: {p.Value.LastFailure}").ToList();
        foreach (var failure in failures) Console.WriteLine(failure);
        return 0;
    }

    /// <summary>Uploads the files at once and waits until each is imported and every score request it caused is handled.</summary>
    internal static async Task<(TimeSpan Elapsed, long Messages)> DropAsync(InvocationJournal journal, QueueClient queue, BlobContainerClient exports, DateOnly day, string source,
        IReadOnlyList<(ExportKind Kind, BinaryData Content)> files, int parsesBefore)
    {
        var scoredBefore = journal.Snapshot().GetValueOrDefault("ScoreAgentDays")?.Succeeded ?? 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(files.Select(f => exports.UploadBlobAsync(new ExportPath(f.Kind, day, source, false).BlobName, f.Content)));
        await SettledAsync(journal, queue, parses: parsesBefore + files.Count);
        clock.Stop();
        return (clock.Elapsed, (journal.Snapshot().GetValueOrDefault("ScoreAgentDays")?.Succeeded ?? 0) - scoredBefore);
    }

    private static async Task<int> LedgerRowsAsync(StorageClients storage, DateOnly day)
    {
        var rows = 0;
        var prefix = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var partition in storage.Partitions.All(YearMonth.Of(day).ToString()))
        {
            await foreach (var row in storage.Tables.GetTableClient(Tables.Ledger).QueryAsync<TableEntity>($"PartitionKey eq '{partition}'", select: ["Period"]))
            {
                if (row.GetString("Period") == prefix) rows++;
            }
        }
        return rows;
    }

    /// <summary>Sends the requests and waits until the handler has answered each and the queue is empty.</summary>
    private static async Task<TimeSpan> ScoreAllAsync(InvocationJournal journal, QueueClient queue, IReadOnlyList<ScoreRequest> requests)
    {
        var clock = Stopwatch.StartNew();
        var before = journal.Snapshot().GetValueOrDefault("ScoreAgentDays")?.Succeeded ?? 0;
        await Parallel.ForEachAsync(requests, async (r, ct) => await queue.SendMessageAsync(JsonSerializer.Serialize(r, new JsonSerializerOptions(JsonSerializerDefaults.Web)), ct));
        await Eventually(async () => (journal.Snapshot().GetValueOrDefault("ScoreAgentDays")?.Succeeded ?? 0) - before >= requests.Count && (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);
        return clock.Elapsed;
    }

    private static async Task<TimeSpan> BaselineAsync(StorageClients storage, int rows)
    {
        var table = storage.Tables.GetTableClient("BenchmarkBaseline");
        await table.CreateIfNotExistsAsync();
        var clock = Stopwatch.StartNew();
        await TableBatches.SubmitAsync(table, Enumerable.Range(0, rows).Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
            new TableEntity("2026-10", i.ToString("D6", CultureInfo.InvariantCulture)) { ["Points"] = 1.3, ["Inputs"] = "N=71 E=101.2 AHT=300 AHT_g=301" })), CancellationToken.None);
        return clock.Elapsed;
    }

    internal static async Task<BinaryData> FileAsync(Func<Stream, long> write)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        await Task.CompletedTask;
        return new BinaryData(buffer.ToArray());
    }

    /// <summary>Every parse done and the score queue empty: outputs are enqueued before a parse counts as done, and a message leaves the queue only when scored.</summary>
    internal static Task SettledAsync(InvocationJournal journal, QueueClient queue, int parses) => Eventually(async () =>
        (journal.Snapshot().GetValueOrDefault("ParseExport")?.Succeeded ?? 0) >= parses && (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);

    internal static async Task<int> CountScoredAsync(StorageClients storage, DateOnly day, int expected)
    {
        var months = await new AgentMonthStore(storage).GetMonthAsync(YearMonth.Of(day), CancellationToken.None);
        var withTime = months.Count(m => m.Days.Any(d => d.Metrics.Date == day && d.Metrics.HasTimeRecord));
        var scored = months.Count(m => m.Days.Any(d => d.Metrics.Date == day));
        if (scored != expected) throw new InvalidOperationException($"{scored} agent-days scored, {expected} expected.");
        return withTime;
    }

    private static async Task Eventually(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The local host did not settle within 10 minutes.");
            await Task.Delay(100);
        }
    }
}
