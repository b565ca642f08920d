using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Application.UseCases;
using Serverless.CustomHandler;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.LocalHost;
using Serverless.Samples;
using Serverless.Storage;

namespace Serverless.Benchmarks.LocalHost;

/// <summary>
/// <c>soak [--days N] [--agents N] [--clients N] [--think-ms N] [--minutes N]</c>: a month of exports (default 30 days × 2,100 agents:
/// calls, agent-time, quality and awards each day) dropped day after day through the local host and Azurite, each day
/// waited for until imported and scored, while a bounded number of HR API clients (default 8) read rankings, points
/// and imports over loopback the whole time. It fails (exit code 1, the reasons printed) on any 5xx or transport error,
/// on any import not accepted, on an agent-day with metrics left unscored, on a ledger row lost, left over or with other
/// points than the scored day it belongs to, or when a quiet re-score of every day afterwards changes any ledger row
/// (what the soak scored under load is what scoring in quiet gives). Printed: each day's
/// drop → scored time, and per route the requests, status classes and p50/p99/max latency. <c>--minutes N</c>
/// ends it after the day being dropped once N minutes of soak have passed, and the checks run on the days done (printed as such).
/// </summary>
/// <remarks>
/// Before the soak (not measured) the roster and the last two days of the month before are dropped and that month is
/// published through HR's <c>POST /api/months/{m}/publish</c>, so the clients read a real published ranking of the same
/// agents while the next month is being scored. The ledger expected is what the month rows (scoring's commit point) hold:
/// every entry of every scored day, keyed by agent, day and rule. The re-score compares with scoring in quiet: the scorer
/// rewrites only entries that differ from the day its month row holds, so a soak whose days scored as they would in quiet
/// leaves every ledger row as it was (same keys, same ETags).
/// </remarks>
public static class Soak
{
    private static readonly DateOnly Start = new(2026, 10, 1);
    private const int WarmUpDays = 2;
    private const string Source = "soak";

    private sealed record Options(int Days, int Agents, int Clients, int ThinkMs, int? Minutes);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (Parse(args) is not { } options) return 2;
        var root = AzuriteProcess.FindRepoRoot(AppContext.BaseDirectory);
        var previousMonth = YearMonth.Of(Start.AddDays(-1));
        var month = YearMonth.Of(Start);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak: {options.Days} days × {options.Agents:N0} agents from {Start:yyyy-MM-dd} through the local host + Azurite (Release handler), {options.Clients} HR API clients ({options.ThinkMs} ms between a client's calls) — {Environment.ProcessorCount} cores, load {Load()}"));
        var total = Stopwatch.StartNew();
        await using var stack = await LocalStack.StartAsync(
            root,
            LocalStack.BuiltHandlerCommand(root, "Release"),
            o => o with { EnableTimers = false, PollInterval = TimeSpan.FromMilliseconds(50) },
            logging => logging.SetMinimumLevel(LogLevel.Warning));
        var storage = BenchmarkStorage.Of(stack.StorageConnectionString);
        await StorageInitializer.EnsureCreatedAsync(storage, CancellationToken.None);
        var journal = stack.Host.Services.GetRequiredService<InvocationJournal>();
        var queue = new QueueServiceClient(stack.StorageConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }).GetQueueClient("score-requests");
        await queue.CreateIfNotExistsAsync();
        var exports = new BlobServiceClient(stack.StorageConnectionString).GetBlobContainerClient("exports");
        var sample = new SampleOptions { Agents = options.Agents, Days = WarmUpDays + options.Days, StartDate = Start.AddDays(-WarmUpDays), Source = Source };
        var dropped = new List<string>();

        // Not measured: the roster, the month before's last two days, and that month published by HR.
        var roster = await ScoringEndToEnd.FileAsync(s => SampleGenerator.WriteRoster(s, sample));
        await exports.UploadBlobAsync(Blob(ExportKind.Roster, sample.StartDate), roster);
        dropped.Add(Blob(ExportKind.Roster, sample.StartDate));
        await SettledAsync(journal, queue, stack.StorageConnectionString, [Blob(ExportKind.Roster, sample.StartDate)], parses: 1);
        for (var d = 0; d < WarmUpDays; d++)
        {
            var day = sample.StartDate.AddDays(d);
            var files = await DayFilesAsync(sample, day);
            await DropAsync(journal, queue, exports, stack.StorageConnectionString, day, files);
            dropped.AddRange(files.Select(f => Blob(f.Kind, day)));
        }
        using var http = new HttpClient { BaseAddress = stack.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Add("x-functions-key", stack.Options.FunctionKeys[0]);
        http.DefaultRequestHeaders.Add("X-Points-Caller", "soak");
        var version = await PublishAsync(http, previousMonth);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"set-up: roster and {WarmUpDays} days of {previousMonth} imported and scored, {previousMonth} published by HR as v{version} [{total.Elapsed.TotalSeconds:0} s]"));

        // The soak: clients read while the month's days are dropped one after another.
        var agentIds = SampleGenerator.Agents(sample).Select(a => a.AgentId).ToList();
        var latestDay = Start;
        var calls = new ConcurrentBag<Call>();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, options.Clients).Select(c => Task.Run(() => ClientAsync(http, c, options.ThinkMs, previousMonth, agentIds, () => latestDay, calls, stop.Token))).ToList();
        var dayTimes = new List<double>();
        // --minutes running out ends the soak after the day being dropped: the checks then run on the days done.
        using var enough = new CancellationTokenSource();
        if (options.Minutes is { } minutes) enough.CancelAfter(TimeSpan.FromMinutes(minutes));
        var daysDone = 0;
        try
        {
            for (var d = 0; d < options.Days && !enough.IsCancellationRequested; d++)
            {
                var day = Start.AddDays(d);
                latestDay = day;
                var files = await DayFilesAsync(sample, day);
                var (elapsed, messages) = await DropAsync(journal, queue, exports, stack.StorageConnectionString, day, files);
                    dropped.AddRange(files.Select(f => Blob(f.Kind, day)));
                dayTimes.Add(elapsed.TotalSeconds);
                daysDone = d + 1;
                var snapshot = calls.ToArray();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  day {d + 1}/{options.Days} {day:yyyy-MM-dd}: 4 files → imported and scored in {elapsed.TotalSeconds:0.0} s ({messages} score messages); API calls so far {snapshot.Length:N0}, 5xx {snapshot.Count(c => c.Status >= 500)}, errors {snapshot.Count(c => c.Status == 0)} [{clock.Elapsed.TotalSeconds:0} s, load {Load()}]"));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(clients);
        }
        var soakTime = clock.Elapsed;
        if (daysDone < options.Days)
        {
            Console.WriteLine($"stopped after {daysDone} of {options.Days} days (--minutes {options.Minutes} ran out): the checks below are of those {daysDone} days");
        }

        // Checks, in quiet.
        var failures = new List<string>();
        var all = calls.ToArray();
        PrintLatency(all, soakTime);
        foreach (var bad in all.Where(c => c.Status >= 500 || c.Status == 0).GroupBy(c => (c.Route, c.Status)))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{bad.Count()} × {(bad.Key.Status == 0 ? "no answer" : bad.Key.Status.ToString(CultureInfo.InvariantCulture))} on {bad.Key.Route}, first: {bad.First().Detail}"));
        }
        failures.AddRange(await ImportsNotAcceptedAsync(stack.StorageConnectionString, dropped));
        failures.AddRange(await UnscoredAsync(storage, month, daysDone));
        var deadLetters = (await new QueueServiceClient(stack.StorageConnectionString).GetQueueClient("score-requests-deadletter").ExistsAsync()).Value
            ? (await new QueueServiceClient(stack.StorageConnectionString).GetQueueClient("score-requests-deadletter").GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;
        if (deadLetters > 0) failures.Add($"{deadLetters} score request(s) dead-lettered");
        var counts = journal.Snapshot();
        Console.WriteLine($"invocations: {string.Join(", ", counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value.Succeeded} ok / {p.Value.Failed} failed (retried)"))}");
        failures.AddRange(await LedgerMatchesMonthRowsAsync(storage, month, daysDone));
        failures.AddRange(await RescoreChangesNothingAsync(storage, journal, queue, month, daysDone));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"days: drop → scored median {Median(dayTimes):0.0} s, max {dayTimes.DefaultIfEmpty(0).Max():0.0} s; soak {soakTime.TotalSeconds:0} s, whole run {total.Elapsed.TotalSeconds:0} s, load {Load()}"));
        if (failures.Count > 0)
        {
            Console.WriteLine($"SOAK FAILED ({failures.Count}):");
            foreach (var failure in failures) Console.WriteLine($"  - {failure}");
            return 1;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SOAK PASSED ({daysDone} of {options.Days} days): {all.Length:N0} API calls, zero 5xx; {dropped.Count} files all accepted; every agent-day scored; the ledger equal to the scored days; a quiet re-score left every ledger row as it was"));
        return 0;
    }

    private static Options? Parse(IReadOnlyList<string> args)
    {
        int days = 30, agents = 2_100, clients = 8, think = 50;
        int? budget = null;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, value) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], i + 1 < args.Count ? args[++i] : null);
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                Console.Error.WriteLine($"soak: {name} needs a whole number. Options: --days N (1–31, default 30), --agents N (default 2100), --clients N (default 8), --think-ms N (default 50), --minutes N (no new day after N minutes).");
                return null;
            }
            switch (name)
            {
                case "--days" when number is >= 1 and <= 31: days = number; break;
                case "--agents" when number >= 10: agents = number; break;
                case "--clients" when number >= 1: clients = number; break;
                case "--think-ms": think = number; break;
                case "--minutes" when number >= 1: budget = number; break;
                default:
                    Console.Error.WriteLine($"soak: unknown option or value out of range: {args[i]}. Options: --days N (1–31, default 30), --agents N (≥ 10, default 2100), --clients N (≥ 1, default 8), --think-ms N (default 50), --minutes N (no new day after N minutes of soak).");
                    return null;
            }
        }
        return new Options(days, agents, clients, think, budget);
    }

    /// <summary>Uploads a day's files at once and waits until they are imported and every score request is handled.</summary>
    private static async Task<(TimeSpan Elapsed, long Messages)> DropAsync(InvocationJournal journal, QueueClient queue, BlobContainerClient exports, string connection,
        DateOnly day, IReadOnlyList<(ExportKind Kind, BinaryData Content)> files)
    {
        var scoredBefore = journal.Snapshot().GetValueOrDefault("ScoreAgentDays")?.Succeeded ?? 0;
        var parsedBefore = journal.Snapshot().GetValueOrDefault("ParseExport")?.Succeeded ?? 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(files.Select(f => exports.UploadBlobAsync(Blob(f.Kind, day), f.Content)));
        await SettledAsync(journal, queue, connection, [.. files.Select(f => Blob(f.Kind, day))], parsedBefore + files.Count);
        clock.Stop();
        return (clock.Elapsed, (journal.Snapshot().GetValueOrDefault("ScoreAgentDays")?.Succeeded ?? 0) - scoredBefore);
    }

    /// <summary>
    /// Settled (<see cref="DaySettle"/>, which every benchmark that drops files waits on): every file has its import row,
    /// at least as many parses have succeeded as files were dropped, the score queue is empty and no ParseExport or
    /// ScoreAgentDays invocation has ended for 3 s. The day's time here runs until that is seen, quiet period included.
    /// </summary>
    private static async Task SettledAsync(InvocationJournal journal, QueueClient queue, string connection, IReadOnlyList<string> blobs, long parses)
    {
        using var settle = new DaySettle(journal);
        await settle.WaitAsync(queue, connection, blobs, parses, TimeSpan.FromMinutes(20));
    }

    private static string Blob(ExportKind kind, DateOnly day) => new ExportPath(kind, day, Source, false).BlobName;

    private static async Task<List<(ExportKind Kind, BinaryData Content)>> DayFilesAsync(SampleOptions sample, DateOnly day) =>
    [
        (ExportKind.Calls, await ScoringEndToEnd.FileAsync(s => SampleGenerator.WriteCalls(s, sample, day))),
        (ExportKind.AgentTime, await ScoringEndToEnd.FileAsync(s => SampleGenerator.WriteAgentTime(s, sample, day))),
        (ExportKind.Quality, await ScoringEndToEnd.FileAsync(s => SampleGenerator.WriteQuality(s, sample, day))),
        (ExportKind.Awards, await ScoringEndToEnd.FileAsync(s => SampleGenerator.WriteAwards(s, sample, day))),
    ];

    /// <summary>HR's publication of the month before, as HR systems call it; the version, or an exception with the answer.</summary>
    private static async Task<int> PublishAsync(HttpClient http, YearMonth month)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/months/{month}/publish")
        {
            Content = JsonContent.Create(new { reason = "Soak benchmark: the month before, for the clients to read", acceptGaps = true }),
        };
        request.Headers.Add("X-Points-Roles", "hr-admin");
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK)) throw new InvalidOperationException($"Publishing {month} answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("version").GetInt32();
    }

    private sealed record Call(string Route, int Status, double Milliseconds, string? Detail);

    /// <summary>
    /// One HR client: ranking pages of the published month, an agent's points of the month so far, and the day's imports,
    /// in turn, each answer read to its end; every call timed and its status kept (0 when no answer came).
    /// </summary>
    private static async Task ClientAsync(HttpClient http, int client, int thinkMs, YearMonth published, IReadOnlyList<string> agents, Func<DateOnly> latestDay,
        ConcurrentBag<Call> calls, CancellationToken stop)
    {
        var random = new Random(95598 + client);
        for (var n = client; !stop.IsCancellationRequested; n++)
        {
            var day = latestDay();
            var (route, uri) = (n % 3) switch
            {
                0 => ("GET /api/months/{m}/ranking", $"/api/months/{published}/ranking?page={random.Next(1, 5)}&pageSize=100"),
                1 => ("GET /api/agents/{id}/points", $"/api/agents/{agents[random.Next(agents.Count)]}/points?from={YearMonth.Of(day).FirstDay:yyyy-MM-dd}&to={day:yyyy-MM-dd}"),
                _ => ("GET /api/imports?date=", $"/api/imports?date={day:yyyy-MM-dd}"),
            };
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Add("X-Points-Roles", "hr-reader");
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                var status = (int)response.StatusCode;
                calls.Add(new Call(route, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds, status >= 400 ? $"{uri}: {Truncate(body)}" : null));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                calls.Add(new Call(route, 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds, $"{uri}: {ex.GetType().Name}: {ex.Message}"));
            }
            try
            {
                if (thinkMs > 0) await Task.Delay(thinkMs, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static void PrintLatency(IReadOnlyList<Call> calls, TimeSpan soak)
    {
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"HR API during the soak ({soak.TotalSeconds:0} s, {calls.Count / Math.Max(soak.TotalSeconds, 1):0.0} calls/s):"));
        Console.WriteLine("| route | calls | 2xx | 4xx | 5xx | no answer | p50 ms | p99 ms | max ms |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var route in calls.GroupBy(c => c.Route).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var times = route.Where(c => c.Status != 0).Select(c => c.Milliseconds).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| `{route.Key}` | {route.Count():N0} | {route.Count(c => c.Status is >= 200 and < 300):N0} | {route.Count(c => c.Status is >= 400 and < 500):N0} | {route.Count(c => c.Status >= 500):N0} | {route.Count(c => c.Status == 0):N0} | {Percentile(times, 0.50):0} | {Percentile(times, 0.99):0} | {times.DefaultIfEmpty(0).Max():0} |"));
        }
        foreach (var client in calls.Where(c => c.Status is >= 400 and < 500).GroupBy(c => (c.Route, c.Status)))
        {
            Console.WriteLine($"  {client.Count()} × {client.Key.Status} on {client.Key.Route}, first: {client.First().Detail}");
        }
        Console.WriteLine();
    }

    /// <summary>Nearest rank: the smallest value with at least <paramref name="p"/> of the values at or below it.</summary>
    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static double Median(List<double> values) => Percentile([.. values.Order()], 0.5);

    /// <summary>Every dropped file has its import row, accepted (in full or with row errors); anything else is named.</summary>
    private static async Task<List<string>> ImportsNotAcceptedAsync(string connection, IReadOnlyList<string> dropped)
    {
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in new TableServiceClient(connection).GetTableClient(Tables.Imports).QueryAsync<TableEntity>(select: ["Status", "BlobName"]))
        {
            if (row.GetString("BlobName") is { } blob) statuses[blob] = row.GetString("Status") ?? "?";
        }
        var byStatus = dropped.GroupBy(b => statuses.GetValueOrDefault(b, "no import row")).ToDictionary(g => g.Key, g => g.ToList());
        Console.WriteLine($"imports: {dropped.Count} files dropped; {string.Join(", ", byStatus.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value.Count}"))}");
        return [.. byStatus.Where(p => p.Key is not ("Accepted" or "AcceptedWithErrors")).Select(p => $"{p.Value.Count} file(s) {p.Key}, e.g. {p.Value[0]}")];
    }

    /// <summary>Each soak day: every agent with metrics that day has the day in its month row.</summary>
    private static async Task<List<string>> UnscoredAsync(StorageClients storage, YearMonth month, int days)
    {
        var failures = new List<string>();
        var months = await new AgentMonthStore(storage).GetMonthAsync(month, CancellationToken.None);
        var scored = months.SelectMany(m => m.Days.Select(d => (m.AgentId, d.Metrics.Date))).ToHashSet();
        var metrics = new MetricsStore(storage);
        var agentDays = 0;
        var unscored = 0;
        for (var d = 0; d < days; d++)
        {
            var day = Start.AddDays(d);
            var withMetrics = await metrics.GetAgentIdsAsync(day, CancellationToken.None);
            agentDays += withMetrics.Count;
            var missing = withMetrics.Where(a => !scored.Contains((a, day))).ToList();
            unscored += missing.Count;
            if (missing.Count > 0) failures.Add($"{day:yyyy-MM-dd}: {missing.Count} of {withMetrics.Count} agent-days with metrics not scored");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scoring: {agentDays:N0} agent-days with metrics in {days} days, {agentDays - unscored:N0} scored"));
        return failures;
    }

    /// <summary>
    /// The expected ledger: every entry of every scored day in the month rows (scoring's commit point) is a ledger row with
    /// the same points, and the ledger holds no other row of those days. Keyed by agent, day and rule, so a row cannot be
    /// doubled; this finds one lost, left over or stale.
    /// </summary>
    private static async Task<List<string>> LedgerMatchesMonthRowsAsync(StorageClients storage, YearMonth month, int days)
    {
        var soakDays = Enumerable.Range(0, days).Select(d => Start.AddDays(d)).ToHashSet();
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in await new AgentMonthStore(storage).GetMonthAsync(month, CancellationToken.None))
        {
            foreach (var day in record.Days.Where(d => soakDays.Contains(d.Metrics.Date)))
            {
                foreach (var entry in day.Entries) expected[LedgerStore.RowKey(record.AgentId, entry.Period.Key, entry.Rule)] = entry.Points.ToString(CultureInfo.InvariantCulture);
            }
        }
        var ledger = await LedgerAsync(storage, month);
        var lost = expected.Keys.Count(k => !ledger.ContainsKey(k));
        var extra = ledger.Keys.Count(k => !expected.ContainsKey(k));
        var differ = expected.Count(p => ledger.TryGetValue(p.Key, out var row) && row.Points != p.Value);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ledger: {ledger.Count:N0} rows of the soak's days, {expected.Count:N0} expected from the month rows' scored days: {lost} lost, {extra} extra, {differ} with other points"));
        return lost + extra + differ == 0 ? [] : [$"the ledger does not match the scored days: {lost} rows lost, {extra} extra, {differ} with other points"];
    }

    /// <summary>
    /// Score requests for every soak day sent again in quiet: the scorer writes only entries that differ, so after a soak
    /// that lost or doubled nothing every ledger row keeps its key and ETag.
    /// </summary>
    private static async Task<List<string>> RescoreChangesNothingAsync(StorageClients storage, InvocationJournal journal, QueueClient queue, YearMonth month, int days)
    {
        var before = await LedgerAsync(storage, month);
        var metrics = new MetricsStore(storage);
        var requests = new List<ScoreRequest>();
        var limits = new ScoreRequestLimits(TransportLimits.MaxAgentsPerScoreRequest, TransportLimits.MaxScoreRequestBytes);
        for (var d = 0; d < days; d++)
        {
            var day = Start.AddDays(d);
            requests.AddRange(ScoreRequest.Batches(day, await metrics.GetAgentIdsAsync(day, CancellationToken.None), "soak-check", null, limits));
        }
        var clock = Stopwatch.StartNew();
        var handled = journal.Snapshot().GetValueOrDefault("ScoreAgentDays")?.Succeeded ?? 0;
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        await Parallel.ForEachAsync(requests, async (r, ct) => await queue.SendMessageAsync(JsonSerializer.Serialize(r, web), ct));
        var deadline = DateTime.UtcNow.AddMinutes(20);
        while ((journal.Snapshot().GetValueOrDefault("ScoreAgentDays")?.Succeeded ?? 0) - handled < requests.Count || (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
        {
            if (DateTime.UtcNow > deadline) return [$"the quiet re-score of {requests.Count} score requests did not finish in 20 minutes"];
            await Task.Delay(200);
        }
        var after = await LedgerAsync(storage, month);
        var missing = after.Keys.Count(k => !before.ContainsKey(k));
        var gone = before.Keys.Count(k => !after.ContainsKey(k));
        var rewritten = before.Count(p => after.TryGetValue(p.Key, out var row) && row.ETag != p.Value.ETag);
        var perDay = before.Keys.GroupBy(k => k.Split('|')[1]).Select(g => g.Count()).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"re-score: {before.Count:N0} ledger rows ({perDay.DefaultIfEmpty(0).Min():N0}–{perDay.DefaultIfEmpty(0).Max():N0} a day); every day scored again in quiet from {requests.Count} score requests in {clock.Elapsed.TotalSeconds:0.0} s: {missing} rows added, {gone} removed, {rewritten} rewritten"));
        return missing + gone + rewritten == 0 ? [] : [$"the quiet re-score changed the ledger the soak left: {missing} rows were missing, {gone} were extra, {rewritten} differed"];
    }

    /// <summary>The month's daily ledger rows (every bucket): row key (agent|day|rule) → ETag and points.</summary>
    private static async Task<Dictionary<string, (string ETag, string? Points)>> LedgerAsync(StorageClients storage, YearMonth month)
    {
        var rows = new Dictionary<string, (string ETag, string? Points)>(StringComparer.Ordinal);
        var table = storage.Tables.GetTableClient(Tables.Ledger);
        foreach (var partition in storage.Partitions.All(month.ToString()))
        {
            await foreach (var row in table.QueryAsync<TableEntity>($"PartitionKey eq '{partition}'", select: ["RowKey", "Points"]))
            {
                rows[row.RowKey] = (row.ETag.ToString(), row.GetString("Points"));
            }
        }
        return rows;
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
