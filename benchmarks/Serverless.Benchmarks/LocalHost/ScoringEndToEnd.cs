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
        await DropRosterAsync(journal, queue, exports, stack.StorageConnectionString, Day, sample.Source, await FileAsync(s => SampleGenerator.WriteRoster(s, sample)));

        // A real national day: the calls, agent-time and quality files, dropped together (they arrive within minutes of
        // each other, and the order they are imported in is up to the host).
        var files = new List<(ExportKind Kind, BinaryData Content)>
        {
            (ExportKind.Calls, await FileAsync(s => SampleGenerator.WriteCalls(s, sample, Day))),
            (ExportKind.AgentTime, await FileAsync(s => SampleGenerator.WriteAgentTime(s, sample, Day))),
            (ExportKind.Quality, await FileAsync(s => SampleGenerator.WriteQuality(s, sample, Day))),
        };
        var dropped = await DropAsync(journal, queue, exports, storage, stack.StorageConnectionString, Day, sample.Source, files, parsesBefore: 1);
        var agentDays = await new MetricsStore(storage).GetAgentIdsAsync(Day, CancellationToken.None);
        var scored = await CountScoredAsync(storage, Day, agentDays.Count);
        var dayRows = await LedgerRowsAsync(storage, Day);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"national day: drop calls ({files[0].Content.ToMemory().Length / 1e6:0.0} MB) + agent-time + quality → all scored: {dropped.Elapsed.TotalSeconds:0.00} s for {agentDays.Count:N0} agent-days ({dropped.Messages} score messages, {scored:N0} scored with a time record, {dayRows:N0} ledger rows)"));

        if (args.Contains("--national-day-only")) return 0;

        // The single-file baseline, same run: the next day's calls file alone (the issue's first figure).
        var next = Day.AddDays(1);
        var nextSample = sample with { StartDate = next };
        var single = await DropAsync(journal, queue, exports, storage, stack.StorageConnectionString, next, sample.Source,
            [(ExportKind.Calls, await FileAsync(s => SampleGenerator.WriteCalls(s, nextSample, next)))], parsesBefore: 4);
        var nextDays = await new MetricsStore(storage).GetAgentIdsAsync(next, CancellationToken.None);
        await CountScoredAsync(storage, next, nextDays.Count);
        var nextRows = await LedgerRowsAsync(storage, next);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"single-file baseline: drop the next day's calls file alone → all scored: {single.Elapsed.TotalSeconds:0.00} s for {nextDays.Count:N0} agent-days ({single.Messages} score messages, {nextRows:N0} ledger rows)"));

        var requests = ScoreRequest.Batches(Day, agentDays, "benchmark", null, new ScoreRequestLimits(Serverless.CustomHandler.TransportLimits.MaxAgentsPerScoreRequest, Serverless.CustomHandler.TransportLimits.MaxScoreRequestBytes)).ToList();
        var rescore = await ScoreAllAsync(journal, queue, stack.StorageConnectionString, requests);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"re-score the day from {requests.Count} score requests, nothing changed (reads; no row rewritten): {rescore.TotalSeconds:0.00} s for {agentDays.Count:N0} agent-days ({agentDays.Count / rescore.TotalSeconds:N0} agent-days/s; {rescore.TotalSeconds / baseline.TotalSeconds:0.0}× the baseline)"));

        // A new rules version from the benchmark's day: every entry's version changes, so every ledger row and month row is rewritten.
        var json = RulePresets.ReadJson(RulePresets.PositiveIncentive)
            .Replace("\"version\": \"2026.1\"", "\"version\": \"2026.10\"", StringComparison.Ordinal)
            .Replace("\"effectiveFrom\": \"2026-01-01\"", "\"effectiveFrom\": \"2026-10-01\"", StringComparison.Ordinal);
        var version = RulesDocument.Parse(json).Value ?? throw new InvalidOperationException("The benchmark's rules version does not read.");
        await new RulesStore(storage).AddAsync(version, json, CancellationToken.None);
        var rewrite = await ScoreAllAsync(journal, queue, stack.StorageConnectionString, requests);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"re-score the day under a new rules version from {requests.Count} score requests (every ledger and month row rewritten): {rewrite.TotalSeconds:0.00} s for {agentDays.Count:N0} agent-days ({agentDays.Count / rewrite.TotalSeconds:N0} agent-days/s; {rewrite.TotalSeconds / baseline.TotalSeconds:0.0}× the baseline)"));
        var failures = journal.Snapshot().Where(p => p.Value.Failed > 0).Select(p => $"{p.Key}: {p.Value.Failed} failed, last: {p.Value.LastFailure}").ToList();
        foreach (var failure in failures) Console.WriteLine(failure);
        return 0;
    }

    /// <summary>
    /// Uploads the files at once and waits until the work is done (<see cref="DaySettle"/>: each file imported, every
    /// score request handled, and every agent-day with metrics on <paramref name="day"/> in its month row); the time is
    /// from the upload to the end of the last parse or score invocation.
    /// </summary>
    internal static async Task<(TimeSpan Elapsed, long Messages, long Started, long Ended)> DropAsync(InvocationJournal journal, QueueClient queue, BlobContainerClient exports, StorageClients storage,
        string connection, DateOnly day, string source, IReadOnlyList<(ExportKind Kind, BinaryData Content)> files, int parsesBefore)
    {
        using var settle = new DaySettle(journal);
        var scoredBefore = journal.Snapshot().GetValueOrDefault("ScoreAgentDays")?.Succeeded ?? 0;
        var blobs = files.Select(f => new ExportPath(f.Kind, day, source, false).BlobName).ToList();
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(files.Select((f, i) => exports.UploadBlobAsync(blobs[i], f.Content)));
        var end = await settle.WaitAsync(queue, connection, blobs, parsesBefore + files.Count, TimeSpan.FromMinutes(20), () => AllScoredAsync(storage, day));
        return (Stopwatch.GetElapsedTime(start, end), (journal.Snapshot().GetValueOrDefault("ScoreAgentDays")?.Succeeded ?? 0) - scoredBefore, start, end);
    }

    /// <summary>Uploads the roster and waits until it is imported (<see cref="DaySettle"/>).</summary>
    internal static async Task DropRosterAsync(InvocationJournal journal, QueueClient queue, BlobContainerClient exports, string connection, DateOnly day, string source, BinaryData roster)
    {
        using var settle = new DaySettle(journal);
        var blob = new ExportPath(ExportKind.Roster, day, source, false).BlobName;
        await exports.UploadBlobAsync(blob, roster);
        await settle.WaitAsync(queue, connection, [blob], parses: 1, TimeSpan.FromMinutes(10));
    }

    /// <summary>Every agent with metrics on the day has the day in its month row (scoring's commit point).</summary>
    private static async Task<bool> AllScoredAsync(StorageClients storage, DateOnly day)
    {
        var agents = await new MetricsStore(storage).GetAgentIdsAsync(day, CancellationToken.None);
        return (await new AgentMonthStore(storage).GetDaysOnlyAsync(day, agents, CancellationToken.None)).Count == agents.Count;
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

    /// <summary>Sends the requests and waits until the handler has answered each and the work has settled (<see cref="DaySettle"/>).</summary>
    private static async Task<TimeSpan> ScoreAllAsync(InvocationJournal journal, QueueClient queue, string connection, IReadOnlyList<ScoreRequest> requests)
    {
        using var settle = new DaySettle(journal);
        var before = journal.Snapshot().GetValueOrDefault("ScoreAgentDays")?.Succeeded ?? 0;
        var start = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(requests, async (r, ct) => await queue.SendMessageAsync(JsonSerializer.Serialize(r, new JsonSerializerOptions(JsonSerializerDefaults.Web)), ct));
        var end = await settle.WaitAsync(queue, connection, [], parses: 0, TimeSpan.FromMinutes(20),
            () => Task.FromResult((journal.Snapshot().GetValueOrDefault("ScoreAgentDays")?.Succeeded ?? 0) - before >= requests.Count));
        return Stopwatch.GetElapsedTime(start, end);
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

    internal static async Task<int> CountScoredAsync(StorageClients storage, DateOnly day, int expected)
    {
        var months = await new AgentMonthStore(storage).GetMonthAsync(YearMonth.Of(day), CancellationToken.None);
        var withTime = months.Count(m => m.Days.Any(d => d.Metrics.Date == day && d.Metrics.HasTimeRecord));
        var scored = months.Count(m => m.Days.Any(d => d.Metrics.Date == day));
        if (scored != expected) throw new InvalidOperationException($"{scored} agent-days scored, {expected} expected.");
        return withTime;
    }
}
