using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Serverless.Benchmarks.MonthClose;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;
using Serverless.LocalHost;
using Serverless.Storage;

namespace Serverless.Benchmarks.Web;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Serverless.Benchmarks -- web-pages [agents]</c>: how long the web app's
/// leaderboard, efficiency and team pages take for a published month of <c>agents</c> rows (default 20,000; the
/// provisional leaderboard and one day's spread over two scored days of the next month), through the
/// local host and the built handler, against the HR API's ranking page of the same month in the same run (the baseline:
/// the same blob read and parsed, answered as JSON). Timed requests, medians of 15 after 3 warm-ups; one at a time.
/// </summary>
public static class WebPagesBenchmark
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var agents = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var root = AzuriteProcess.FindRepoRoot(AppContext.BaseDirectory);
        await using var stack = await LocalStack.StartAsync(root, LocalStack.BuiltHandlerCommand(root, "Release"), o => o with { EnableTimers = false });
        await SeedAsync(stack, agents);
        if (args.Contains("--profile")) await ProfileAsync(stack);

        using var http = new HttpClient { BaseAddress = stack.BaseAddress };
        // The development sign-in's cookie, as /app/signin sets it (the local host's settings enable it).
        var principal = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"auth_typ":"development","claims":[{"typ":"roles","val":"hr-reader"},{"typ":"name","val":"bench"}]}"""));
        var lead = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"auth_typ":"development","claims":[{"typ":"roles","val":"team-lead"},{"typ":"team","val":"T17"},{"typ":"name","val":"bench"}]}"""));
        // The provisional ranking as the RefreshProvisional timer stores it (container provisional): deleted before each
        // request of the compute path (the page then computes it from every agent's month and stores it), kept for the
        // stored path (one blob read, as the published leaderboard reads ranking.json).
        var provisional = new BlobServiceClient(stack.StorageConnectionString).GetBlobContainerClient(Containers.Provisional).GetBlobClient("2026-11.json");
        Func<Task> noStoredRanking = async () => await provisional.DeleteIfExistsAsync();
        var pages = new (string Name, Func<HttpRequestMessage> Request, Func<Task>? Before, int Warmups, int Runs)[]
        {
            ("api ranking page (baseline)", () => Api("/api/months/2026-10/ranking?pageSize=50", stack), null, 3, 15),
            ("web leaderboard page 1", () => Web("/app/leaderboard?month=2026-10", principal), null, 3, 15),
            ("web leaderboard filtered, page 3", () => Web($"/app/leaderboard?month=2026-10&department={Uri.EscapeDataString("客服3部")}&page=3", principal), null, 3, 15),
            ("web efficiency spread", () => Web("/app/efficiency?month=2026-10", principal), null, 3, 15),
            ("web team view (50 of 20,000 agents)", () => Web("/app/team?month=2026-10", lead), null, 3, 15),
            ("web provisional, computed (baseline)", () => Web("/app/leaderboard?month=2026-11", principal), noStoredRanking, 1, 5),
            ("web provisional, stored ranking", () => Web("/app/leaderboard?month=2026-11", principal), null, 3, 15),
            ("web efficiency spread, one day", () => Web($"/app/efficiency?day={SeededDays[0]:yyyy-MM-dd}", principal), null, 3, 15),
            // The second seeded day has no stored spread (norms never refreshed): the page reads every agent's day, the old path.
            ("web one day, old path (every day row)", () => Web($"/app/efficiency?day={SeededDays[1]:yyyy-MM-dd}", principal), null, 3, 15),
        };
        Console.WriteLine($"{agents:N0} agents in ranking.json; medians of 15 requests after 3 warm-ups (the provisional compute path: 5 after 1)");
        double? baseline = null;
        var medians = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, request, before, warmups, runs) in pages)
        {
            var times = new List<double>();
            var first = 0.0;
            for (var i = 0; i < warmups + runs; i++)
            {
                if (before is not null) await before();
                var watch = Stopwatch.StartNew();
                using var response = await http.SendAsync(request());
                var body = await response.Content.ReadAsByteArrayAsync();
                watch.Stop();
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{name}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)[..Math.Min(300, body.Length)]}");
                if (i == 0) first = watch.Elapsed.TotalMilliseconds;
                if (i >= warmups) times.Add(watch.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            var median = times[times.Count / 2];
            baseline ??= median;
            medians[name] = median;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-38} ({runs} after {warmups}) median {median,7:0} ms  max {times[^1],7:0} ms  ×{median / baseline.Value:0.00} of the API  (first request {first,6:0} ms)"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  provisional leaderboard: stored ranking ×{medians["web provisional, stored ranking"] / medians["web provisional, computed (baseline)"]:0.000} of the compute path's median"));
        return 0;
    }

    /// <summary>The reads behind the provisional leaderboard and the one-day spread, each timed alone (<c>--profile</c>).</summary>
    private static async Task ProfileAsync(LocalStack stack)
    {
        var storage = BenchmarkStorage.Of(stack.StorageConnectionString);
        var month = new YearMonth(2026, 11);
        async Task Time(string name, Func<Task<int>> read)
        {
            for (var i = 0; i < 3; i++)
            {
                var watch = Stopwatch.StartNew();
                var n = await read();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  profile {name,-40} {watch.Elapsed.TotalMilliseconds,7:0} ms ({n} rows)"));
            }
        }
        await Time("agent-month summaries", async () => (await new AgentMonthStore(storage).GetMonthSummariesAsync(month, CancellationToken.None)).Count);
        // The same rows and columns in one query over the month's bucket partitions (Azurite scans the table per query).
        await Time("agent-month summaries, one range query", async () =>
        {
            var n = 0;
            string[] select = ["RowKey", "MonthFigures", .. Enum.GetValues<Serverless.Domain.Scoring.Dimension>().Select(d => d + "Cents")];
            await foreach (var e in storage.Tables.GetTableClient(Tables.AgentMonths).QueryAsync<Azure.Data.Tables.TableEntity>("PartitionKey ge '2026-11' and PartitionKey lt '2026-11.'", select: select)) n++;
            return n;
        });
        await Time("roster", async () => (await new RosterStore(storage).GetAllAsync(CancellationToken.None)).Count);
        await Time("standings", async () => (await new StandingStore(storage).GetAllAsync(CancellationToken.None)).Count);
        await Time("day agent ids", async () => (await new MetricsStore(storage).GetAgentIdsAsync(SeededDays[0], CancellationToken.None)).Count);
        var ids = await new MetricsStore(storage).GetAgentIdsAsync(SeededDays[0], CancellationToken.None);
        await Time("day rows (GetDaysOnly)", async () => (await new AgentMonthStore(storage).GetDaysOnlyAsync(SeededDays[1], ids, CancellationToken.None)).Count);
        await Time("day spread row (stored with the norms)", async () => (await new PeerNormStore(storage).GetSpreadAsync(SeededDays[0], CancellationToken.None))!.ByDepartment.Count);
    }

    private static HttpRequestMessage Api(string path, LocalStack stack)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("x-functions-key", stack.Options.MasterKey);
        request.Headers.Add("X-Points-Roles", "hr-reader");
        return request;
    }

    private static HttpRequestMessage Web(string path, string principal)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", $"points-dev-principal={principal}");
        return request;
    }

    /// <summary>The days of November seeded as scored (agent-month rows and the day's metrics), for the provisional and one-day pages.</summary>
    private static readonly DateOnly[] SeededDays = [new(2026, 11, 2), new(2026, 11, 3)];

    /// <summary>
    /// A published October of <paramref name="agents"/> rows (ranking.json and a manifest, which marks the version
    /// published), the same agents on the roster in teams of 50 (T0…T399), and two scored days of November
    /// (<see cref="SeededDays"/>: the agent-month rows and the day's metrics), all through the handler's own stores.
    /// </summary>
    private static async Task SeedAsync(LocalStack stack, int agents)
    {
        var random = new Random(17);
        var november = BenchmarkMonth.Generate(new YearMonth(2026, 11), agents, seed: 95598);
        var roster = november.Roster.Select((r, i) => r with { Team = "T" + (i % 400).ToString(CultureInfo.InvariantCulture) }).ToList();
        var rows = roster.Select((a, n) => (a, i: n + 1)).Select(x => new MonthRankingRow(
            x.i, x.a.AgentId, x.a.Name, x.a.Department, x.a.Specialty, x.a.Team,
            200m - x.i * 0.009m, 100m - x.i * 0.004m, 80 + random.NextDouble() * 40, 500m - x.i * 0.02m, x.i % 5, x.i <= agents * 15 / 100 ? "A" : null, x.i <= agents * 15 / 100 ? 500m : 0m)).ToList();
        var document = new RankingDocument("2026-10", 1, "bench", DateTimeOffset.UnixEpoch, null, new MonthRankingSummary(agents, [], agents * 15 / 100, agents * 75m), rows);
        var container = new BlobServiceClient(stack.StorageConnectionString).GetBlobContainerClient("rankings");
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient("2026-10/v1/ranking.json").UploadAsync(BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(document, PublicationJson.Options)), overwrite: true);
        await container.GetBlobClient("2026-10/v1/manifest.json").UploadAsync(BinaryData.FromString("{}"), overwrite: true);
        var storage = BenchmarkStorage.Of(stack.StorageConnectionString);
        await new RosterStore(storage).UpsertAsync(roster, CancellationToken.None);
        var agentMonths = new AgentMonthStore(storage);
        var metrics = new MetricsStore(storage);
        foreach (var day in SeededDays)
        {
            var scored = november.DayOfAll(day);
            await agentMonths.PutDaysAsync(day, scored, CancellationToken.None);
            await metrics.ReplaceAsync(day, ExportKind.Calls, "bench", "bench-" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture), [.. scored.Select(d => d.Value!.Metrics)], CancellationToken.None);
            // The agent-time file's marker (one agent's row): the efficiency rule reads both kinds, so the day has E to spread.
            await metrics.ReplaceAsync(day, ExportKind.AgentTime, "bench", "bench-time-" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture), [scored[0].Value!.Metrics], CancellationToken.None);
        }
        // The first day's norms refreshed as an import refreshes them, which stores the day's spread of E beside them; the
        // second day's never are (a day imported before spreads were kept), so its page takes the old path. The refresh's
        // time against the norms' own work (the whole day's metrics, the roster, the medians; no spread) in the same run.
        var roster2 = new RosterStore(storage);
        var norms = new Serverless.Application.UseCases.DayNorms(metrics, roster2, new RulesStore(storage), new PeerNormStore(storage));
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            var day = await metrics.GetNormInputsAsync(SeededDays[0], CancellationToken.None);
            var people = await roster2.GetAsync([.. day.Select(m => m.AgentId)], CancellationToken.None);
            _ = Serverless.Domain.Scoring.PeerNorms.Compute(day.Select(m => Serverless.Application.UseCases.DayNorms.Place(m, people)),
                Serverless.Domain.Scoring.RulePresets.Load(Serverless.Domain.Scoring.RulePresets.PositiveIncentive).Efficiency!);
            var normsOnly = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            await norms.RefreshAsync(SeededDays[0], CancellationToken.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  norms refresh of {day.Count:N0} agent-days: norms' own reads and medians {normsOnly:0} ms; whole refresh with the spread of E and the write {watch.Elapsed.TotalMilliseconds:0} ms"));
        }
    }
}
