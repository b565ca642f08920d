using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Domain.Metrics;
using Serverless.Application.UseCases;
using Serverless.Application.Ports;
using Serverless.Domain.Publishing;
using Serverless.Domain.Scoring;
using Serverless.LocalHost;
using Serverless.Storage;

namespace Serverless.Benchmarks.MonthClose;

/// <summary>
/// <c>month-close [--no-daily-ledger] [agents…]</c>: month close end to end on the local host and Azurite, per agent
/// count on a fresh stack. The month the timer closes (<see cref="BusinessCalendar.MonthToClose"/>) is seeded through
/// the real adapters (roster, agent-month rows day by day, the daily ledger), then <c>PublishMonth</c> is run now by
/// its timer trigger, as the host would, in the Release handler: the figure is run-now until the function returns, by
/// when the files, the monthly ledger entries and the standings are written and the version is complete. Baselines in
/// the same run: reading the agent-month partition alone, and uploading the same published bytes as plain blobs. Then
/// the close's steps are re-run in-process on the same Azurite, each timed, to show where the time goes.
/// </summary>
public static class MonthCloseBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var dailyLedger = !args.Contains("--no-daily-ledger");
        // --daily-ledger-days=N seeds the daily ledger of the month's first N days only: at 20,000 agents the whole
        // month's 1.76 million rows take Azurite far too long to insert (each insert pays for the table's size).
        var ledgerDays = args.FirstOrDefault(a => a.StartsWith("--daily-ledger-days=", StringComparison.Ordinal)) is { } d
            ? int.Parse(d["--daily-ledger-days=".Length..], CultureInfo.InvariantCulture) : int.MaxValue;
        var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        int[] sizes = numbers.Count == 0 ? [2_100, 20_000] : [.. numbers.Select(a => int.Parse(a, CultureInfo.InvariantCulture))];
        var month = new BusinessCalendar(TimeProvider.System).MonthToClose;
        Console.WriteLine($"month close of {month} on the local host + Azurite (Release handler) — {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Console.WriteLine($"daily ledger seeded: {(!dailyLedger ? "no (--no-daily-ledger)" : ledgerDays == int.MaxValue ? "yes (4 rows per agent-day)" : $"the first {ledgerDays} days only (4 rows per agent-day)")}");
        foreach (var agents in sizes) await RunOnceAsync(month, agents, dailyLedger, ledgerDays);
        return 0;
    }

    private static async Task RunOnceAsync(YearMonth month, int agents, bool dailyLedger, int ledgerDays)
    {
        var root = AzuriteProcess.FindRepoRoot(AppContext.BaseDirectory);
        await using var stack = await LocalStack.StartAsync(
            root,
            LocalStack.BuiltHandlerCommand(root, "Release"),
            options => options with { EnableTimers = false },
            logging => logging.SetMinimumLevel(LogLevel.Warning));
        var storage = BenchmarkStorage.Of(stack.StorageConnectionString);
        await StorageInitializer.EnsureCreatedAsync(storage, default);
        var data = BenchmarkMonth.Generate(month, agents, seed: 95598);
        var days = data.Days.ToList();

        // Seeded, not measured: what scoring leaves behind, written through the same adapters scoring uses.
        var roster = new RosterStore(storage);
        var agentMonths = new AgentMonthStore(storage);
        var ledger = new LedgerStore(storage);
        var (seedRoster, seedMonths, seedLedger, ledgerRows) = await SeedAsync(storage, data, dailyLedger, ledgerDays);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\n{agents:N0} agents, {data.AgentDays:N0} agent-days in {days.Count} days — seeded: roster {seedRoster.TotalSeconds:0.0} s, agent-month rows {seedMonths.TotalSeconds:0.0} s, daily ledger ({ledgerRows:N0} rows) {seedLedger.TotalSeconds:0.0} s"));

        // Baseline 1: the month partition read alone (what any close must at least do).
        var readAlone = Stopwatch.StartNew();
        var read = await agentMonths.GetMonthAsync(month, default);
        readAlone.Stop();
        if (read.Count != agents) throw new InvalidOperationException($"{read.Count} agent-month rows read back, {agents} seeded.");

        // Baseline 1b: the partition as one plain query, rows only (no day parsed): the read as it was before GetMonthAsync read key ranges at once.
        var oneQuery = Stopwatch.StartNew();
        var rows = 0;
        foreach (var partition in storage.Partitions.All(month.ToString()))
        {
            await foreach (var _ in storage.Tables.GetTableClient(Tables.AgentMonths).QueryAsync<Azure.Data.Tables.TableEntity>($"PartitionKey eq '{partition}'")) rows++;
        }
        oneQuery.Stop();
        if (rows != agents) throw new InvalidOperationException($"{rows} rows in one query, {agents} seeded.");

        // Measured: PublishMonth run now by its timer trigger in the handler, as the host fires it.
        var timer = stack.Host.Services.GetServices<TimerTrigger>().Single(t => t.FunctionName == "PublishMonth");
        var close = Stopwatch.StartNew();
        var outcome = await timer.RunNowAsync(default);
        close.Stop();
        if (!outcome.Succeeded) throw new InvalidOperationException($"PublishMonth failed: {outcome.Failure}");

        // Published? The version complete with its manifest, every listed file in place, the standings and monthly ledger entries written.
        var publications = new PublicationStore(storage, TimeProvider.System);
        var status = await new MonthPublisher(agentMonths, ledger, EntryStores.Awards(storage), EntryStores.Adjustments(storage), new RulesStore(storage), roster,
            new StandingStore(storage), publications, TimeProvider.System, new MonthCloseOptions(), new InquiryStore(storage), new PayrollTakenStore(storage)).GetPublicationAsync(month, default);
        var published = status.Versions.SingleOrDefault() ?? throw new InvalidOperationException($"{month}: no complete version after the close.");
        var files = new List<(string Name, byte[] Bytes)>();
        foreach (var f in published.Files)
        {
            files.Add((f.Name, (await publications.ReadFileAsync(month, published.Version, f.Name, default))
                ?? throw new InvalidOperationException($"{f.Location} is listed but missing.")));
        }
        var standings = await new StandingStore(storage).GetAllAsync(default);
        if (standings.Count != agents) throw new InvalidOperationException($"{standings.Count} standings written, {agents} expected.");

        // Baseline 2: the same files' bytes uploaded as plain blobs, no scoring, no claims, no standings.
        var baselineContainer = storage.Blobs.GetBlobContainerClient("baseline");
        await baselineContainer.CreateIfNotExistsAsync();
        var upload = Stopwatch.StartNew();
        await Task.WhenAll(files.Select(f => baselineContainer.GetBlobClient(f.Name).UploadAsync(BinaryData.FromBytes(f.Bytes), overwrite: true)));
        upload.Stop();

        var steps = await StepsAsync(storage, month, agents, published.Version);
        var m = published.Manifest;
        Console.WriteLine("| agents | month close, run-now → published (s) | baseline: GetMonthAsync alone (s) | baseline: partition as one plain query (s) | baseline: upload the same bytes (s) | files (KB) | ranked | paid | monthly ledger rows |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {agents:N0} | **{close.Elapsed.TotalSeconds:0.00}** | {readAlone.Elapsed.TotalSeconds:0.00} | {oneQuery.Elapsed.TotalSeconds:0.00} | {upload.Elapsed.TotalSeconds:0.00} | {files.Sum(f => f.Bytes.LongLength) / 1024:N0} | {m.RowCount:N0} | {m.PaidCount:N0} | {steps.MonthlyEntries:N0} |"));
        Console.WriteLine("steps, in-process on the same Azurite (each timed alone):");
        foreach (var (name, seconds) in steps.Timings) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-64} {seconds,7:0.00} s"));
    }

    /// <summary>Seeded, not measured: what scoring leaves behind, written through the same adapters scoring uses (also the partition benchmark's month).</summary>
    internal static async Task<(TimeSpan Roster, TimeSpan Months, TimeSpan Ledger, int LedgerRows)> SeedAsync(StorageClients storage, BenchmarkMonth data, bool dailyLedger, int ledgerDays)
    {
        var days = data.Days.ToList();
        var seedRoster = Stopwatch.StartNew();
        await new RosterStore(storage).UpsertAsync(data.Roster, default);
        seedRoster.Stop();
        var agentMonths = new AgentMonthStore(storage);
        var seedMonths = Stopwatch.StartNew();
        foreach (var date in days) await agentMonths.PutDaysAsync(date, data.DayOfAll(date), default);
        seedMonths.Stop();
        var ledger = new LedgerStore(storage);
        var seedLedger = Stopwatch.StartNew();
        var ledgerRows = 0;
        if (dailyLedger)
        {
            foreach (var date in days.Take(ledgerDays))
            {
                var ledgerDay = data.LedgerDayOfAll(date);
                await ledger.ReplaceDaysAsync(date, ledgerDay, default);
                ledgerRows += ledgerDay.Sum(l => l.Entries.Count);
            }
        }
        seedLedger.Stop();
        return (seedRoster.Elapsed, seedMonths.Elapsed, seedLedger.Elapsed, ledgerRows);
    }

    /// <summary>
    /// The close's steps one by one, in-process, on the data the close just published: the reads, the pure calculation,
    /// the files, then the writes — the monthly ledger entries into the previous month's (empty) partition of the same
    /// table, the files (built as v{n}, so no diff) written as v{n+1} under a claim, the standings recorded again — so each write is the size the close wrote.
    /// </summary>
    private static async Task<(IReadOnlyList<(string Name, double Seconds)> Timings, int MonthlyEntries)> StepsAsync(StorageClients storage, YearMonth month, int agents, int publishedVersion)
    {
        var timings = new List<(string, double)>();
        async Task<T> Time<T>(string name, Func<Task<T>> step)
        {
            var watch = Stopwatch.StartNew();
            var result = await step();
            timings.Add((name, watch.Elapsed.TotalSeconds));
            return result;
        }

        var book = await Time("rules", () => new RulesStore(storage).GetBookAsync(default));
        var records = await Time("read the agent-month summaries (AgentMonthStore.GetMonthSummariesAsync)", () => new AgentMonthStore(storage).GetMonthSummariesAsync(month, default));
        var roster = await Time("read the roster", () => new RosterStore(storage).GetAllAsync(default));
        var awards = await Time("read awards", () => EntryStores.Awards(storage).GetInForceAsync(month, default));
        var adjustments = await Time("read adjustments", () => EntryStores.Adjustments(storage).GetInForceAsync(month, default));
        var standings = await Time("read standings", () => new StandingStore(storage).GetAllAsync(default));
        var rules = book.InForceOn(month.LastDay) ?? throw new InvalidOperationException($"No rules in force on {month.LastDay}.");
        var close = await Time("MonthScorer + ranking (MonthCloseCalculation.Compute)", () => Task.FromResult(
            MonthCloseCalculation.Compute(month, rules, records, roster, awards, standings, [.. adjustments.Select(a => a.Value)])));
        var version = publishedVersion + 1;
        var files = await Time("build the files (CSV, XLSX, JSON, payroll, manifest)", () => Task.FromResult(
            MonthPublication.Build(close.Ranking, new PublicationMetadata(month, publishedVersion, rules.Version, DateTimeOffset.UtcNow))));

        var previous = LedgerPeriod.OfMonth(month.Previous);
        var entries = close.Scores.SelectMany(s => s.Score.Entries).ToList();
        // As the close writes them: one call, each entry naming the imports its rule reads.
        var sourced = close.Scores.SelectMany(s => s.Score.Entries.Select(e => new SourcedLedgerEntry(e with { Period = previous }, s.ImportIdsOf(e)))).ToList();
        var sets = sourced.Select(x => string.Join('\n', x.ImportIds)).Distinct(StringComparer.Ordinal).Count();
        await Time($"monthly ledger writes ({entries.Count:N0} rows, {sets} sets of imports, LedgerStore.UpsertAsync)", async () =>
        {
            await new LedgerStore(storage).UpsertAsync(sourced, new MonthCloseOptions().LedgerParallelism, default);
            return 0;
        });
        var publications = new PublicationStore(storage, TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        var claim = await publications.TryClaimAsync(new PublicationClaim(month, version, Guid.NewGuid().ToString("N"), now, now, "benchmark"), default)
            ?? throw new InvalidOperationException($"Could not claim {month} v{version} for the steps.");
        await Time($"write the files ({files.Count} files, PublicationStore.WriteFilesAsync)", async () =>
        {
            await publications.WriteFilesAsync(claim, files, default);
            return 0;
        });
        await publications.ReleaseAsync(claim, default);
        await Time($"standings writes ({agents:N0} rows merged, StandingStore.RecordMonthAsync)", async () =>
        {
            await new StandingStore(storage).RecordMonthAsync(month, version, close.ClosedPoints(version), default);
            return 0;
        });

        // The two reads again, alternately, on the same Azurite: the summaries the close reads against the whole rows.
        for (var round = 1; round <= 2; round++)
        {
            await Time($"again ({round}): whole rows, days parsed (AgentMonthStore.GetMonthAsync)", () => new AgentMonthStore(storage).GetMonthAsync(month, default));
            await Time($"again ({round}): summaries (AgentMonthStore.GetMonthSummariesAsync)", () => new AgentMonthStore(storage).GetMonthSummariesAsync(month, default));
        }
        return (timings, entries.Count);
    }
}
