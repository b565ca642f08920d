using System.Diagnostics;
using System.Globalization;
using Serverless.Application.Ports;
using Serverless.Application.UseCases;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;
using Serverless.LocalHost;
using Serverless.Storage;

namespace Serverless.Benchmarks.LocalHost;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Serverless.Benchmarks -- whatif [agents] [--days N]</c>: a rules what-if
/// against a re-score of the same month, in one run. Seeds N weekdays (default 5) of synthetic metrics and roster for the
/// agents straight into Azurite, scores them under the preset (untimed), then runs, each as its job through the real
/// <see cref="RescoreJobRunner"/> and stores, the job's queue played in process one message at a time: (1) a what-if of a
/// draft that changes not-ready points on the month (reads every day, writes only the job's scratch blobs and report), and
/// (2) the re-score of the month once that draft is in force from its first day (every ledger entry and month row
/// rewritten). Prints both times and the ratio.
/// </summary>
public static class WhatIfVersusRescore
{
    private static readonly YearMonth Month = new(2026, 10);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var agents = args.Count > 0 && !args[0].StartsWith('-') ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var dayCount = Option(args, "--days") ?? 5;
        var days = Month.Days().Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Take(dayCount).ToList();
        var root = AzuriteProcess.FindRepoRoot(AppContext.BaseDirectory);
        await using var azurite = await AzuriteProcess.StartAsync(root);
        var storage = BenchmarkStorage.Of(azurite.ConnectionString);
        await StorageInitializer.EnsureCreatedAsync(storage, CancellationToken.None);
        var ct = CancellationToken.None;

        var ids = Enumerable.Range(1, agents).Select(i => "A" + i.ToString("D6", CultureInfo.InvariantCulture)).ToList();
        var random = new Random(7);
        var departments = Enumerable.Range(1, 11).Select(i => "D" + i.ToString("D2", CultureInfo.InvariantCulture)).ToList();
        var roster = new RosterStore(storage);
        await roster.UpsertAsync([.. ids.Select(id => new RosterRecord(id, "", departments[random.Next(departments.Count)], "S" + random.Next(10), "T" + random.Next(200), null, RosterStatus.Active))], ct);
        var metrics = new MetricsStore(storage);
        var rules = new RulesStore(storage);
        var norms = new DayNorms(metrics, roster, rules, new PeerNormStore(storage));
        var limits = new ScoreRequestLimits(Serverless.CustomHandler.TransportLimits.MaxAgentsPerScoreRequest, Serverless.CustomHandler.TransportLimits.MaxScoreRequestBytes);
        var agentMonths = new AgentMonthStore(storage);
        var ledger = new LedgerStore(storage);
        var workItems = new WorkItemStore(storage);
        var scorer = new AgentDayScorer(metrics, roster, rules, norms, ledger, agentMonths, workItems);

        var seeding = Stopwatch.StartNew();
        foreach (var day in days)
        {
            await metrics.ReplaceAsync(day, ExportKind.Calls, "bench", $"imp-calls-{day:MMdd}", [.. ids.Select(id => new AgentDayMetrics
            {
                AgentId = id, Date = day, AnsweredCalls = 40 + random.Next(60), TalkSeconds = 9_000 + random.Next(9_000), HoldSeconds = random.Next(900),
                AfterCallWorkSeconds = random.Next(3_000), ShortCalls = random.Next(3), SurveysPushed = 30, SurveysAnswered = 10 + random.Next(10), SurveysSatisfied = 9 + random.Next(2),
            })], ct);
            await metrics.ReplaceAsync(day, ExportKind.AgentTime, "bench", $"imp-time-{day:MMdd}", [.. ids.Select(id => new AgentDayMetrics
            {
                AgentId = id, Date = day, HasTimeRecord = true, ScheduledSeconds = 28_800, SignedInSeconds = 26_000 + random.Next(2_800), NotReadySeconds = random.Next(4_000), Adherence = 0.9 + random.Next(10) / 100.0,
            })], ct);
            await norms.RefreshAsync(day, ct);
            foreach (var request in ScoreRequest.Batches(day, ids, "seed", null, limits)) await scorer.ScoreAsync(request, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded and scored {day:yyyy-MM-dd}: {agents:N0} agent-days ({seeding.Elapsed.TotalSeconds:0} s so far)"));
        }

        // The draft: the preset with not-ready paying 2 instead of 0.3, from the month's first day.
        var json = RulePresets.ReadJson(RulePresets.PositiveIncentive)
            .Replace("\"version\": \"2026.1\"", "\"version\": \"2026.10w\"", StringComparison.Ordinal)
            .Replace("\"effectiveFrom\": \"2026-01-01\"", "\"effectiveFrom\": \"2026-10-01\"", StringComparison.Ordinal)
            .Replace("\"maxShareOfSignedIn\": 0.10, \"points\": 0.3", "\"maxShareOfSignedIn\": 0.10, \"points\": 2", StringComparison.Ordinal);
        var draft = RulesDocument.Parse(json).Value ?? throw new InvalidOperationException("The benchmark's draft does not parse.");
        var preset = (await rules.GetVersionsAsync(ct)).Single();
        await rules.AddAsync(preset.Document, RulePresets.ReadJson(RulePresets.PositiveIncentive), ct);
        if (!await rules.AddDraftAsync(RulesVersionState.Draft(draft, "bench-author", DateTimeOffset.UtcNow), json, ct)) throw new InvalidOperationException("The draft exists already.");

        var jobs = new RescoreJobStore(storage);
        var queue = new InProcessQueue();
        var publisher = new MonthPublisher(agentMonths, ledger, EntryStores.Awards(storage), EntryStores.Adjustments(storage), rules, roster,
            new StandingStore(storage), new PublicationStore(storage, TimeProvider.System), TimeProvider.System, new MonthCloseOptions(), new InquiryStore(storage), new PayrollTakenStore(storage));
        var rescorer = new MonthRescorer(metrics, workItems, limits);
        var whatIf = new MonthWhatIf(rules, metrics, rescorer, scorer, publisher, new WhatIfStore(storage), limits, TimeProvider.System);
        var runner = new RescoreJobRunner(jobs, queue, rescorer, scorer, whatIf, TimeProvider.System, norms);
        var rescoring = new MonthRescoring(jobs, queue, TimeProvider.System);

        var whatIfTime = await RunJobAsync("what-if of the draft", () => rescoring.StartWhatIfAsync("bench-whatif", Month, draft.Version, "bench", ct), runner, queue);
        var report = (await jobs.GetAsync("bench-whatif", ct))!.Job.WhatIf!;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  report: {report.RankedAfter:N0} ranked, {report.RankMoves:N0} rank moves, {report.TierChanges:N0} tier changes, bonus CNY {report.BonusTotalBefore:N0} → {report.BonusTotalAfter:N0}"));

        // The draft approved (by another admin, from its date) and the month re-scored under it.
        var approval = (await rules.GetVersionsAsync(ct)).Single(v => v.Document.Version == draft.Version)
            .Approve("bench-approver", DateTimeOffset.UtcNow, Month.FirstDay, rescore: true, RuleBook.Approved(await rules.GetVersionsAsync(ct)).Value!);
        if (approval.Version is null || !await rules.TryDecideAsync(approval.Version, ct)) throw new InvalidOperationException($"The draft was not approved: {approval.Refusal?.Message}");
        var rescoreTime = await RunJobAsync("re-score under the approved draft", () => rescoring.StartAsync("bench-rescore", Month, "draft approved", "bench", ct), runner, queue);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{agents:N0} agents × {days.Count} days ({agents * days.Count:N0} agent-days): what-if {whatIfTime.TotalSeconds:0.0} s, re-score {rescoreTime.TotalSeconds:0.0} s, what-if / re-score = {whatIfTime / rescoreTime:0.00}"));
        return 0;
    }

    private static async Task<TimeSpan> RunJobAsync(string name, Func<Task<RescoreStart>> start, RescoreJobRunner runner, InProcessQueue queue)
    {
        var clock = Stopwatch.StartNew();
        var job = (await start()).Job;
        var steps = 0;
        while (queue.TryTake(out var id))
        {
            var step = Stopwatch.StartNew();
            var said = await runner.RunAsync(id, redelivered: false, CancellationToken.None);
            steps++;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {clock.Elapsed.TotalSeconds,7:0.0} s  step {steps} ({step.Elapsed.TotalSeconds:0.0} s): {said}"));
        }
        clock.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {clock.Elapsed.TotalSeconds:0.0} s in {steps} steps (job {job.Id})"));
        return clock.Elapsed;
    }

    private static int? Option(IReadOnlyList<string> args, string name)
    {
        var at = args.ToList().IndexOf(name);
        return at >= 0 && at + 1 < args.Count ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : null;
    }

    /// <summary>The job queue played in process: messages taken one at a time, in order (as one queue-trigger instance would).</summary>
    private sealed class InProcessQueue : IRescoreJobQueue
    {
        private readonly Queue<string> _messages = new();

        public Task EnqueueAsync(string jobId, CancellationToken cancellationToken)
        {
            _messages.Enqueue(jobId);
            return Task.CompletedTask;
        }

        public bool TryTake(out string jobId) => _messages.TryDequeue(out jobId!);
    }
}
