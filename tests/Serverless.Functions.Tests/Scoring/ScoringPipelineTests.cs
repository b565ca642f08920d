using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;
using Serverless.Storage;
using Serverless.Testing;

using Serverless.Testing.Fakes;

namespace Serverless.Functions.Tests.Scoring;

/// <summary>
/// Scoring against Azurite through the handler: exports in, ledger and running months out, equal to what the pure
/// engine computes from scratch however often and in whatever order the messages arrive.
/// </summary>
public sealed class ScoringPipelineTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly HandlerHost _world = new(ScoringHost.Options(azurite.ConnectionString));

    // A small department: five agents in D1/S1 (a full group), two in D1/S2 (too small: the department's norm),
    // one not on the roster (unassigned, alone: the center's norm).
    private async Task<string[]> SeedDepartmentAsync(string prefix, DateOnly day, string source)
    {
        var ids = Enumerable.Range(1, 8).Select(i => $"{prefix}{i:00}").ToArray();
        await _world.RosterAsync(
            (ids[0], "D1", "S1"), (ids[1], "D1", "S1"), (ids[2], "D1", "S1"), (ids[3], "D1", "S1"), (ids[4], "D1", "S1"),
            (ids[5], "D1", "S2"), (ids[6], "D1", "S2"));
        var calls = await _world.DropAsync(Exports.CallsBlob(day, source), Exports.Calls(day,
            (ids[0], 20, 240), (ids[1], 24, 280), (ids[2], 18, 300), (ids[3], 30, 200), (ids[4], 15, 360),
            (ids[5], 22, 260), (ids[6], 26, 310), (ids[7], 12, 400)));
        await _world.ScoreAllAsync(calls);
        var time = await _world.DropAsync(Exports.TimeBlob(day, source), Exports.Time(day,
            (ids[0], 28800, 28800, 1800, 0.97), (ids[1], 28800, 27000, 3600, 0.96), (ids[2], 28800, 28800, 2000, 0.90),
            (ids[3], 28800, 28800, 1000, 0.99), (ids[4], 28800, 25000, 5000, 0.93), (ids[5], 28800, 28800, 1500, 0.98),
            (ids[6], 28800, 28000, 2500, 0.95), (ids[7], 28800, 28800, 1200, 0.97)));
        await _world.ScoreAllAsync(time);
        return ids;
    }

    /// <summary>
    /// The points of <see cref="SeedDepartmentAsync"/>'s day, worked by hand (AHT = talk + 20 s after-call work, v = N / 8):
    /// D1/S1 medians AHT {220, 260, 300, 320, 380} → 300 and v {1.875, 2.25, 2.5, 3, 3.75} → 2.5; D1/S2 has two agents,
    /// so the department's 7: AHT 300, v {1.875 … 3.75} → 2.75; the unassigned eighth is alone in its department, so the
    /// center's 8: AHT (300 + 320) / 2 = 310, v (2.5 + 2.75) / 2 = 2.625. E.g. the 1st: E = 100 × (½ × 300/260 + ½ × 2.5/2.5)
    /// = 107.69 → 0.075 × 27.69 = 2.08; the 5th: E = 100 × (½ × 300/380 + ½ × 1.875/2.5) × 25 000/28 800 = 66.8 → 0.
    /// The 2nd is over not-ready (3 600 > 2 700), the 3rd under adherence (0.90), the 5th under all three.
    /// </summary>
    private async Task AssertHandWorkedSeedDayAsync(DateOnly day, string[] ids)
    {
        (decimal Efficiency, decimal Attendance, decimal Adherence, decimal NotReady)[] expected =
        [
            (2.08m, 0.5m, 0.5m, 0.3m), (1.73m, 0.5m, 0.5m, 0m), (0.89m, 0.5m, 0m, 0.3m), (3m, 0.5m, 0.5m, 0.3m),
            (0m, 0m, 0m, 0m), (1.77m, 0.5m, 0.5m, 0.3m), (1.62m, 0.5m, 0.5m, 0.3m), (0m, 0.5m, 0.5m, 0.3m),
        ];
        for (var i = 0; i < ids.Length; i++)
        {
            var points = (await _world.LedgerDayAsync(ids[i], day)).ToDictionary(e => e.Rule, e => e.Points, StringComparer.Ordinal);
            Assert.Equal((ids[i], expected[i]), (ids[i], (points["efficiency"], points["attendance"], points["adherence"], points["not-ready"])));
        }
    }

    private async Task AssertScoredFromScratchAsync(DateOnly day, IEnumerable<string> agentIds)
    {
        var expected = await _world.ExpectedAsync(day);
        foreach (var agentId in agentIds)
        {
            var want = expected.TryGetValue(agentId, out var e) ? e : [];
            // The ledger reads back in rule-name order; the month keeps the rules file's order, as scored.
            Assert.Equal(want.OrderBy(x => x.Rule, StringComparer.Ordinal), await _world.LedgerDayAsync(agentId, day));
            var month = await _world.Get<IAgentMonthStore>().GetAsync(agentId, YearMonth.Of(day), CancellationToken.None);
            var stored = month?.Days.SingleOrDefault(d => d.Metrics.Date == day);
            if (want.Count == 0)
            {
                Assert.Null(stored);
                continue;
            }
            Assert.NotNull(stored);
            Assert.Equal(want, stored!.Entries);
            var totals = await ((AgentMonthStore)_world.Get<IAgentMonthStore>()).GetTotalsAsync(agentId, YearMonth.Of(day), CancellationToken.None);
            var fromDays = month!.Days.SelectMany(d => d.Entries).GroupBy(x => x.Dimension).ToDictionary(g => g.Key, g => g.Sum(x => x.Points));
            foreach (var (dimension, points) in totals!) Assert.Equal(fromDays.GetValueOrDefault(dimension), points);
        }
    }

    [Fact]
    public async Task A_calls_and_agent_time_pair_scores_every_agent_as_the_pure_engine_does_from_scratch()
    {
        var day = new DateOnly(2026, 10, 5);
        var ids = await SeedDepartmentAsync("PA", day, "pair");

        await AssertHandWorkedSeedDayAsync(day, ids);
        await AssertScoredFromScratchAsync(day, ids);
        var efficiency = (await _world.LedgerDayAsync(ids[3], day)).Single(e => e.Rule == "efficiency");
        Assert.True(efficiency.Points > 0, efficiency.Inputs);
        Assert.Contains("peers=group:5", efficiency.Inputs, StringComparison.Ordinal);
        // Each entry names the imports of the exports its rule reads: efficiency both files, the others agent-time only.
        var stored = await _world.Get<ILedger>().GetAsync(ids[3], day, day, CancellationToken.None);
        Assert.Equal(2, stored.Single(s => s.Entry.Rule == "efficiency").ImportIds.Count);
        var timeImport = Assert.Single(stored.Single(s => s.Entry.Rule == "attendance").ImportIds);
        Assert.All(stored.Where(s => s.Entry.Rule != "efficiency"), s => Assert.Equal([timeImport], s.ImportIds));
        Assert.Equal(DayNormsUnassigned, (await _world.LedgerDayAsync(ids[7], day))[0].Department);
    }

    private const string DayNormsUnassigned = Serverless.Application.UseCases.DayNorms.Unassigned;

    [Fact]
    public async Task The_days_norms_are_stored_once_per_day_and_are_what_efficiency_is_measured_against()
    {
        var day = new DateOnly(2026, 10, 6);
        var ids = await SeedDepartmentAsync("PN", day, "norms");

        var norms = await _world.Get<IPeerNormStore>().GetAsync(day, CancellationToken.None);
        Assert.NotNull(norms);
        var group = Assert.Single(norms!, n => n.Scope == PeerScope.Group && n.Department == "D1" && n.Specialty == "S1");
        Assert.Equal(5, group.Agents);
        // D1/S1's AHTs: talk + 20 s after-call work → 260, 300, 320, 220, 380; the median is 300.
        Assert.Equal(300, group.MedianHandleSeconds);
        var small = (await _world.LedgerDayAsync(ids[5], day)).Single(e => e.Rule == "efficiency");
        Assert.Contains("peers=department:7", small.Inputs, StringComparison.Ordinal);
        var alone = (await _world.LedgerDayAsync(ids[7], day)).Single(e => e.Rule == "efficiency");
        Assert.Contains("peers=center:", alone.Inputs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_that_moves_the_norms_re_scores_every_agent_of_the_day()
    {
        var day = new DateOnly(2026, 10, 7);
        var ids = await SeedDepartmentAsync("PM", day, "moves");

        // Only the first agent's calls change, but the group's median moves with them.
        var corrected = await _world.DropAsync(Exports.CallsBlob(day, "moves"), Exports.Calls(day,
            (ids[0], 20, 500), (ids[1], 24, 280), (ids[2], 18, 300), (ids[3], 30, 200), (ids[4], 15, 360),
            (ids[5], 22, 260), (ids[6], 26, 310), (ids[7], 12, 400)));

        var agents = corrected.SelectMany(m => System.Text.Json.JsonDocument.Parse(m).RootElement.GetProperty("agentIds").EnumerateArray().Select(a => a.GetString())).ToList();
        Assert.Equal(ids, agents);
    }

    [Fact]
    public async Task Re_scoring_after_a_corrected_export_equals_scoring_the_corrected_day_from_scratch()
    {
        var day = new DateOnly(2026, 10, 8);
        var ids = await SeedDepartmentAsync("PC", day, "fix");
        var before = await _world.LedgerDayAsync(ids[1], day);

        // The corrected calls file changes two agents and drops one entirely (their agent-time row stays).
        var corrected = await _world.DropAsync(Exports.CallsBlob(day, "fix"), Exports.Calls(day,
            (ids[0], 20, 240), (ids[1], 40, 150), (ids[2], 18, 300), (ids[3], 30, 200),
            (ids[5], 22, 260), (ids[6], 26, 310), (ids[7], 30, 400)));
        await _world.ScoreAllAsync(corrected);

        await AssertScoredFromScratchAsync(day, ids);
        Assert.NotEqual(before, await _world.LedgerDayAsync(ids[1], day));
        var dropped = await _world.LedgerDayAsync(ids[4], day);
        Assert.Equal("no answered calls: no efficiency index", dropped.Single(e => e.Rule == "efficiency").Reason);
    }

    [Fact]
    public async Task An_agent_whose_metrics_are_all_gone_leaves_the_ledger_and_the_month()
    {
        var day = new DateOnly(2026, 10, 9);
        await _world.RosterAsync(("PG01", "D1", "S1"), ("PG02", "D1", "S1"));
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.CallsBlob(day, "gone"), Exports.Calls(day, ("PG01", 10, 200), ("PG02", 12, 250))));
        // PG02 has no time record, but the day's agent-time file is in: every rule is scored for PG02 (with 0 points).
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.TimeBlob(day, "gone"), Exports.Time(day, ("PG01", 28800, 28800, 1000, 0.97))));
        Assert.Equal(4, (await _world.LedgerDayAsync("PG02", day)).Count);

        await _world.ScoreAllAsync(await _world.DropAsync(Exports.CallsBlob(day, "gone"), Exports.Calls(day, ("PG01", 10, 200))));

        Assert.Empty(await _world.LedgerDayAsync("PG02", day));
        var month = await _world.Get<IAgentMonthStore>().GetAsync("PG02", YearMonth.Of(day), CancellationToken.None);
        Assert.Empty(month!.Days);
        var totals = await ((AgentMonthStore)_world.Get<IAgentMonthStore>()).GetTotalsAsync("PG02", YearMonth.Of(day), CancellationToken.None);
        Assert.All(totals!.Values, v => Assert.Equal(0m, v));
        await AssertScoredFromScratchAsync(day, ["PG01", "PG02"]);
    }

    [Fact]
    public async Task The_same_score_request_delivered_twice_leaves_the_same_ledger_and_month_totals()
    {
        var day = new DateOnly(2026, 10, 12);
        var ids = await SeedDepartmentAsync("PD", day, "dup");
        var message = ScoringHost.Message(day, ids);
        var ledgerOnce = await Task.WhenAll(ids.Select(id => _world.Get<ILedger>().GetAsync(id, day, day, CancellationToken.None)));
        var monthOnce = await Task.WhenAll(ids.Select(id => ((AgentMonthStore)_world.Get<IAgentMonthStore>()).GetTotalsAsync(id, YearMonth.Of(day), CancellationToken.None)));

        var redelivered = await _world.ScoreAsync(message);
        await Task.WhenAll(_world.ScoreAsync(message), _world.ScoreAsync(message));

        // Nothing changed, so nothing was rewritten: a redelivery costs reads only.
        Assert.Contains($"{ids.Length} unchanged", redelivered, StringComparison.Ordinal);

        var ledgerTwice = await Task.WhenAll(ids.Select(id => _world.Get<ILedger>().GetAsync(id, day, day, CancellationToken.None)));
        var monthTwice = await Task.WhenAll(ids.Select(id => ((AgentMonthStore)_world.Get<IAgentMonthStore>()).GetTotalsAsync(id, YearMonth.Of(day), CancellationToken.None)));
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(ledgerOnce[i].Select(s => s.Entry), ledgerTwice[i].Select(s => s.Entry));
            Assert.Equal(monthOnce[i], monthTwice[i]);
        }
        await AssertHandWorkedSeedDayAsync(day, ids);
        await AssertScoredFromScratchAsync(day, ids);
    }

    [Fact]
    public async Task Concurrent_scoring_of_one_agent_on_different_days_keeps_every_day_in_the_month()
    {
        var days = new[] { new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 4) };
        var agents = Enumerable.Range(1, 12).Select(i => $"PX{i:00}").ToArray();
        await _world.RosterAsync([.. agents.Select(a => (a, "D2", "S1"))]);
        foreach (var day in days)
        {
            await _world.DropAsync(Exports.CallsBlob(day, "race"), Exports.Calls(day, [.. agents.Select((a, i) => (a, 10 + i, 200 + (10 * i)))]));
            await _world.DropAsync(Exports.TimeBlob(day, "race"), Exports.Time(day, [.. agents.Select(a => (a, 28800, 28800, 1000, 0.97))]));
        }

        // Each agent on its own message per day, every message twice, all at once: many writers on one month row. A
        // handler takes its own requests for the same agents in turn, so the deliveries are spread over it and two more
        // scorers, as if three instances of the function app were scaled out: those race for the rows.
        var (second, third) = (ScorerWith(), ScorerWith());
        var instances = new Func<DateOnly, string, Task>[]
        {
            (day, agent) => _world.ScoreAsync(ScoringHost.Message(day, agent)),
            (day, agent) => second.ScoreAsync(new Application.UseCases.ScoreRequest(day, [agent], "test", null), CancellationToken.None),
            (day, agent) => third.ScoreAsync(new Application.UseCases.ScoreRequest(day, [agent], "test", null), CancellationToken.None),
        };
        // The order of the deliveries is a seeded shuffle (one seed per round), named in any failure so it can be replayed.
        int[] seeds = [20261102, 20261103, 20261104];
        try
        {
            foreach (var seed in seeds)
            {
                var deliveries = agents.SelectMany(a => days.SelectMany(d => new[] { (Day: d, Agent: a), (Day: d, Agent: a) })).ToArray();
                new Random(seed).Shuffle(deliveries);
                await Task.WhenAll(deliveries.Select((x, i) => instances[i % instances.Length](x.Day, x.Agent)));
            }

            foreach (var agent in agents)
            {
                var month = await _world.Get<IAgentMonthStore>().GetAsync(agent, new YearMonth(2026, 11), CancellationToken.None);
                Assert.Equal(days, month!.Days.Select(d => d.Metrics.Date));
            }
            foreach (var day in days) await AssertScoredFromScratchAsync(day, agents);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            throw new Xunit.Sdk.XunitException($"With the delivery orders shuffled by seeds {string.Join(", ", seeds)}: {failure.Message}", failure);
        }
    }

    [Fact]
    public async Task A_scoring_that_read_older_metrics_than_a_concurrent_one_does_not_overwrite_it()
    {
        // A day of its own: 15 October is also the quality test's, whose agents would join these norms when it runs first.
        var day = new DateOnly(2026, 10, 22);
        var ids = Enumerable.Range(1, 5).Select(i => $"PV{i:00}").ToArray();
        await _world.RosterAsync([.. ids.Select(a => (a, "D1", "S1"))]);
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.CallsBlob(day, "stale"), Exports.Calls(day, [.. ids.Select((a, i) => (a, 20 + i, 240 + (20 * i)))])));

        // An invocation reads the day's metrics while only the calls file is in, then stalls; meanwhile the agent-time
        // file arrives and is scored in full. When the stalled one goes on, it must not put back its calls-only day.
        var gate = new StallingMetrics(_world.Get<IMetricsStore>());
        var stalled = ScorerWith(metrics: gate);
        var scoring = stalled.ScoreAsync(new Application.UseCases.ScoreRequest(day, ids, "stalled", null), CancellationToken.None);
        await gate.HasRead;
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.TimeBlob(day, "stale"), Exports.Time(day, [.. ids.Select(a => (a, 28800, 28800, 1000, 0.97))])));
        gate.Release();
        await scoring;

        await AssertScoredFromScratchAsync(day, ids);
        Assert.All(await Task.WhenAll(ids.Select(id => _world.LedgerDayAsync(id, day))), entries =>
            Assert.Equal(["adherence", "attendance", "efficiency", "not-ready"], entries.Select(e => e.Rule)));
        // By hand: AHT 260 + 20i → median 300; v = (20 + i) / 8 → median 2.75; E_0 = 100 × (½ × 300/260 + ½ × 2.5/2.75)
        // = 103.15 → 1.74, E_1 = 101.30 → 1.60, E_2 = 100 → 1.50, E_3 = 99.15 → 1.44, E_4 = 100 × (½ × 300/340 + ½ × 3/2.75)
        // = 98.66 → 1.40.
        var efficiency = await Task.WhenAll(ids.Select(async id => (await _world.LedgerDayAsync(id, day)).Single(e => e.Rule == "efficiency").Points));
        Assert.Equal([1.74m, 1.60m, 1.50m, 1.44m, 1.40m], efficiency);
    }

    [Fact]
    public async Task Ledger_rows_written_from_inputs_a_concurrent_scoring_replaced_are_written_again()
    {
        var day = new DateOnly(2026, 10, 16);
        var ids = Enumerable.Range(1, 5).Select(i => $"PW{i:00}").ToArray();
        await _world.RosterAsync([.. ids.Select(a => (a, "D1", "S1"))]);
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.CallsBlob(day, "clobber"), Exports.Calls(day, [.. ids.Select((a, i) => (a, 20 + i, 240 + (20 * i)))])));
        await _world.DropAsync(Exports.TimeBlob(day, "clobber"), Exports.Time(day, [.. ids.Select(a => (a, 28800, 28800, 1000, 0.97))]));

        // An invocation scores the first agent-time file (its entries are new, so it writes them to the ledger) but
        // stalls before; a corrected agent-time file is imported and scored meanwhile. The stalled one's ledger rows
        // then overwrite the corrected entries, and its month row loses to the corrected one's: it must put the
        // corrected entries back.
        var gate = new StallingMetrics(_world.Get<IMetricsStore>());
        var stalled = ScorerWith(metrics: gate);
        var scoring = stalled.ScoreAsync(new Application.UseCases.ScoreRequest(day, ids, "stalled", null), CancellationToken.None);
        await gate.HasRead;
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.TimeBlob(day, "clobber"), Exports.Time(day, [.. ids.Select(a => (a, 28800, 20000, 9000, 0.80))])));
        gate.Release();
        await scoring;

        await AssertScoredFromScratchAsync(day, ids);
    }

    [Fact]
    public async Task Ledger_rows_that_land_after_a_later_commit_are_brought_to_it()
    {
        var day = new DateOnly(2026, 10, 17);
        var ids = Enumerable.Range(1, 5).Select(i => $"PY{i:00}").ToArray();
        await _world.RosterAsync([.. ids.Select(a => (a, "D1", "S1"))]);
        await _world.DropAsync(Exports.CallsBlob(day, "late"), Exports.Calls(day, [.. ids.Select((a, i) => (a, 20 + i, 240 + (20 * i)))]));
        await _world.DropAsync(Exports.TimeBlob(day, "late"), Exports.Time(day, [.. ids.Select(a => (a, 28800, 28800, 1000, 0.97))]));

        // An invocation writes its month rows, then stalls before its ledger rows; a corrected agent-time file is scored
        // in full meanwhile (month rows and ledger). The stalled ledger write then lands on top of the corrected rows.
        var gate = new StallingLedger(_world.Get<ILedger>());
        var stalled = ScorerWith(ledger: gate);
        var scoring = stalled.ScoreAsync(new Application.UseCases.ScoreRequest(day, ids, "stalled", null), CancellationToken.None);
        await gate.Stalled;
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.TimeBlob(day, "late"), Exports.Time(day, [.. ids.Select(a => (a, 28800, 20000, 9000, 0.80))])));
        gate.Release();
        await scoring;

        await AssertScoredFromScratchAsync(day, ids);
    }

    [Fact]
    public async Task A_redelivery_after_a_failure_between_the_month_and_the_ledger_writes_the_ledger()
    {
        var day = new DateOnly(2026, 10, 19);
        var ids = Enumerable.Range(1, 5).Select(i => $"PZ{i:00}").ToArray();
        await _world.RosterAsync([.. ids.Select(a => (a, "D1", "S1"))]);
        await _world.DropAsync(Exports.CallsBlob(day, "fail"), Exports.Calls(day, [.. ids.Select((a, i) => (a, 20 + i, 240 + (20 * i)))]));
        await _world.DropAsync(Exports.TimeBlob(day, "fail"), Exports.Time(day, [.. ids.Select(a => (a, 28800, 28800, 1000, 0.97))]));
        var message = ScoringHost.Message(day, ids);

        var failing = ScorerWith(ledger: new FailingLedger());
        await Assert.ThrowsAsync<IOException>(() => failing.ScoreAsync(new Application.UseCases.ScoreRequest(day, ids, "test", null), CancellationToken.None));
        Assert.All(await Task.WhenAll(ids.Select(id => _world.LedgerDayAsync(id, day))), Assert.Empty);

        await _world.ScoreAsync(message, deliveryCount: 2);

        await AssertScoredFromScratchAsync(day, ids);
    }

    /// <summary>The real ledger, except that its first write waits until released.</summary>
    private sealed class StallingLedger(ILedger inner) : LedgerDecorator(inner)
    {
        private readonly FirstCallGate _gate = new();

        public Task Stalled => _gate.Reached;

        public void Release() => _gate.Release();

        public override async Task ReplaceDaysAsync(DateOnly date, IReadOnlyList<LedgerDay> days, CancellationToken cancellationToken)
        {
            await _gate.PassAsync();
            await Inner.ReplaceDaysAsync(date, days, cancellationToken);
        }
    }

    /// <summary>A ledger whose every write fails, as storage that went away would.</summary>
    private sealed class FailingLedger : ILedger
    {
        public Task ReplaceDaysAsync(DateOnly date, IReadOnlyList<LedgerDay> days, CancellationToken cancellationToken) => throw new IOException("The ledger is unavailable.");

        public Task ReplaceDayAsync(string agentId, DateOnly date, IReadOnlyList<LedgerEntry> entries, IReadOnlyList<string> importIds, IReadOnlyCollection<string> previousRules, CancellationToken cancellationToken) =>
            throw new IOException("The ledger is unavailable.");

        public Task UpsertAsync(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<string> importIds, CancellationToken cancellationToken) => throw new IOException("The ledger is unavailable.");

        public Task UpsertAsync(IReadOnlyList<SourcedLedgerEntry> entries, int parallelism, CancellationToken cancellationToken) => throw new IOException("The ledger is unavailable.");

        public Task<IReadOnlyList<StoredLedgerEntry>> GetAsync(string agentId, DateOnly from, DateOnly to, CancellationToken cancellationToken) => throw new IOException("The ledger is unavailable.");

        public Task<IReadOnlyList<LedgerKey>> GetMonthlyKeysAsync(YearMonth month, CancellationToken cancellationToken) => throw new IOException("The ledger is unavailable.");

        public Task RemoveMonthlyAsync(YearMonth month, IReadOnlyList<LedgerKey> keys, CancellationToken cancellationToken) => throw new IOException("The ledger is unavailable.");
    }

    [Fact]
    public async Task Requests_of_one_handler_for_overlapping_agents_take_turns_instead_of_racing()
    {
        var day = new DateOnly(2026, 10, 20);
        var ids = Enumerable.Range(1, 6).Select(i => $"PL{i:00}").ToArray();
        await _world.RosterAsync([.. ids.Select(a => (a, "D1", "S1"))]);
        await _world.DropAsync(Exports.CallsBlob(day, "turns"), Exports.Calls(day, [.. ids.Select((a, i) => (a, 20 + i, 240 + (20 * i)))]));
        await _world.DropAsync(Exports.TimeBlob(day, "turns"), Exports.Time(day, [.. ids.Select(a => (a, 28800, 28800, 1000, 0.97))]));

        // One scorer (one handler process): the first request stalls after reading its inputs. A second request over
        // some of the same agents does not start meanwhile, one over other agents does.
        var gate = new StallingMetrics(_world.Get<IMetricsStore>());
        var scorer = ScorerWith(metrics: gate);
        var first = scorer.ScoreAsync(new Application.UseCases.ScoreRequest(day, ids[..4], "first", null), CancellationToken.None);
        await gate.HasRead;
        var overlapping = scorer.ScoreAsync(new Application.UseCases.ScoreRequest(day, ids[2..], "overlapping", null), CancellationToken.None);
        var apart = await scorer.ScoreAsync(new Application.UseCases.ScoreRequest(day, ids[4..], "apart", null), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        // The overlapping request is seen waiting for its turn (not merely not finished yet), and still is once the
        // request apart has been scored start to end.
        await Eventually.UntilAsync(() => Task.FromResult(scorer.WaitingForTurns == 1 || overlapping.IsCompleted), "the overlapping request to wait or finish", TimeSpan.FromSeconds(30));
        Assert.False(overlapping.IsCompleted, "A request over agents being scored ran beside it.");
        Assert.Equal(1, scorer.WaitingForTurns);

        gate.Release();
        var replies = await Task.WhenAll(first, overlapping);
        Assert.All(replies.Append(apart), reply => Assert.Contains("; 0 agent-days scored again", reply, StringComparison.Ordinal));
        await AssertScoredFromScratchAsync(day, ids);
    }

    [Fact]
    public async Task Two_imports_refreshing_a_days_norms_at_once_leave_the_norms_of_the_whole_day()
    {
        var day = new DateOnly(2026, 10, 21);
        var ids = Enumerable.Range(1, 12).Select(i => $"PR{i:00}").ToArray();
        await _world.RosterAsync([.. ids.Select(a => (a, "D1", "S1"))]);
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.CallsBlob(day, "norms"), Exports.Calls(day, [.. ids.Select((a, i) => (a, 20 + i, 240 + (20 * i)))])));

        // One agent-time file (the first six agents) has stored its metrics and its refresh reads the day, then stalls
        // before writing; meanwhile a second agent-time file (the other six) is imported and its own refresh stores the
        // norms of the whole day. Norms need a time record, so each file moves them.
        var metrics = _world.Get<IMetricsStore>();
        await metrics.ReplaceAsync(day, Domain.Exports.ExportKind.AgentTime, "first", "first-import", [.. ids[..6].Select(a => new AgentDayMetrics
        {
            AgentId = a, Date = day, HasTimeRecord = true, ScheduledSeconds = 28_800, SignedInSeconds = 27_000, Adherence = 0.97,
        })], CancellationToken.None);
        var gate = new StallingMetrics(metrics, normInputs: true);
        var stalled = new Application.UseCases.DayNorms(gate, _world.Get<IRosterStore>(), _world.Get<IRulesStore>(), _world.Get<IPeerNormStore>());
        var refreshing = stalled.RefreshAsync(day, CancellationToken.None);
        await gate.HasRead;
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.TimeBlob(day, "second"), Exports.Time(day, [.. ids[6..].Select((a, i) => (a, 28800, 25000 - (600 * i), 1000, 0.97))])));
        var whole = await _world.Get<IPeerNormStore>().GetAsync(day, CancellationToken.None);
        gate.Release();
        await refreshing;

        // The stalled refresh did not put back norms of the first file alone: it started again from the whole day.
        Assert.Equal(whole, await _world.Get<IPeerNormStore>().GetAsync(day, CancellationToken.None));
        Assert.False((await _world.Get<Application.UseCases.DayNorms>().RefreshAsync(day, CancellationToken.None)).Changed);
    }

    /// <summary>A scorer on the handler's own stores (Azurite), with the metrics store or the ledger swapped.</summary>
    private Application.UseCases.AgentDayScorer ScorerWith(IMetricsStore? metrics = null, ILedger? ledger = null) =>
        new(metrics ?? _world.Get<IMetricsStore>(), _world.Get<IRosterStore>(), _world.Get<IRulesStore>(), _world.Get<Application.UseCases.DayNorms>(),
            ledger ?? _world.Get<ILedger>(), _world.Get<IAgentMonthStore>(), _world.Get<IWorkItemStore>());

    /// <summary>Holds the first caller until released (and says when it got there); later callers pass at once.</summary>
    private sealed class FirstCallGate
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public Task Reached => _reached.Task;

        public void Release() => _release.SetResult();

        public Task PassAsync()
        {
            if (Interlocked.Increment(ref _calls) != 1) return Task.CompletedTask;
            _reached.SetResult();
            return _release.Task;
        }
    }

    /// <summary>
    /// The real metrics store, except that the first scoring read (with <paramref name="normInputs"/>, the first read of
    /// the norms' inputs instead) waits, after reading, until released.
    /// </summary>
    private sealed class StallingMetrics(IMetricsStore inner, bool normInputs = false) : MetricsStoreDecorator(inner)
    {
        private readonly FirstCallGate _gate = new();

        public Task HasRead => _gate.Reached;

        public void Release() => _gate.Release();

        public override async Task<ScoringInputs> GetScoringInputsAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken)
        {
            var inputs = await Inner.GetScoringInputsAsync(date, agentIds, cancellationToken);
            if (!normInputs) await _gate.PassAsync();
            return inputs;
        }

        public override async Task<IReadOnlyList<AgentDayMetrics>> GetNormInputsAsync(DateOnly date, CancellationToken cancellationToken)
        {
            var inputs = await Inner.GetNormInputsAsync(date, cancellationToken);
            if (normInputs) await _gate.PassAsync();
            return inputs;
        }
    }

    [Fact]
    public async Task The_calls_file_alone_scores_no_rule_that_needs_the_agent_time_file_and_that_file_adds_them()
    {
        var day = new DateOnly(2026, 10, 13);
        var ids = Enumerable.Range(1, 5).Select(i => $"PT{i:00}").ToArray();
        await _world.RosterAsync([.. ids.Select(a => (a, "D1", "S1"))]);
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.CallsBlob(day, "late-time"), Exports.Calls(day, [.. ids.Select((a, i) => (a, 20 + i, 240 + (20 * i)))])));

        // No rule can be judged without the schedule: no ledger rows yet (rather than a 0 "not a scheduled day"), but the
        // day is in the running month with its calls.
        foreach (var id in ids)
        {
            Assert.Empty(await _world.LedgerDayAsync(id, day));
            var month = await _world.Get<IAgentMonthStore>().GetAsync(id, YearMonth.Of(day), CancellationToken.None);
            var stored = Assert.Single(month!.Days);
            Assert.True(stored.Metrics.AnsweredCalls > 0);
            Assert.Empty(stored.Entries);
        }

        await _world.ScoreAllAsync(await _world.DropAsync(Exports.TimeBlob(day, "late-time"), Exports.Time(day, [.. ids.Select(a => (a, 28800, 28800, 1000, 0.97))])));

        await AssertScoredFromScratchAsync(day, ids);
        Assert.All(await Task.WhenAll(ids.Select(id => _world.LedgerDayAsync(id, day))), entries =>
            Assert.Equal(["adherence", "attendance", "efficiency", "not-ready"], entries.Select(e => e.Rule)));
    }

    [Fact]
    public async Task The_calls_file_after_the_agent_time_file_adds_efficiency_and_leaves_the_agent_time_entries_untouched()
    {
        var day = new DateOnly(2026, 10, 14);
        var ids = Enumerable.Range(1, 5).Select(i => $"PU{i:00}").ToArray();
        await _world.RosterAsync([.. ids.Select(a => (a, "D1", "S1"))]);
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.TimeBlob(day, "late-calls"), Exports.Time(day, [.. ids.Select(a => (a, 28800, 28800, 1000, 0.97))])));
        var before = await Task.WhenAll(ids.Select(id => _world.LedgerRowsAsync(id, day)));
        Assert.All(before, rows => Assert.Equal(["adherence", "attendance", "not-ready"], rows.Keys.Order(StringComparer.Ordinal)));

        await _world.ScoreAllAsync(await _world.DropAsync(Exports.CallsBlob(day, "late-calls"), Exports.Calls(day, [.. ids.Select((a, i) => (a, 20 + i, 240 + (20 * i)))])));

        await AssertScoredFromScratchAsync(day, ids);
        for (var i = 0; i < ids.Length; i++)
        {
            var after = await _world.LedgerRowsAsync(ids[i], day);
            Assert.Equal(["adherence", "attendance", "efficiency", "not-ready"], after.Keys.Order(StringComparer.Ordinal));
            // The agent-time rules read nothing the calls file brought: their rows are the ones written before.
            foreach (var (rule, etag) in before[i]) Assert.Equal(etag, after[rule]);
        }
    }

    [Fact]
    public async Task A_quality_file_rewrites_no_ledger_entry_and_brings_its_inspections_into_the_running_month()
    {
        var day = new DateOnly(2026, 10, 15);
        var ids = await SeedDepartmentAsync("PQ", day, "quality");
        var before = await Task.WhenAll(ids.Select(id => _world.LedgerRowsAsync(id, day)));

        var requests = await _world.DropAsync(Exports.QualityBlob(day, "quality"), Exports.Quality(day, [.. ids.Select((a, i) => (a, 5, i % 2))]));
        Assert.NotEmpty(requests);
        var replies = await Task.WhenAll(requests.Select(_world.ScoreAsync));

        Assert.All(replies, r => Assert.Contains("0 ledger entries written, 0 removed", r, StringComparison.Ordinal));
        for (var i = 0; i < ids.Length; i++) Assert.Equal(before[i], await _world.LedgerRowsAsync(ids[i], day));
        var month = await _world.Get<IAgentMonthStore>().GetAsync(ids[1], YearMonth.Of(day), CancellationToken.None);
        var stored = Assert.Single(month!.Days);
        Assert.Equal(5, stored.Metrics.CallsInspected);
        Assert.Equal(1, stored.Metrics.Errors);
        Assert.Equal(3, stored.ImportIds.Count);
        await AssertHandWorkedSeedDayAsync(day, ids);
        await AssertScoredFromScratchAsync(day, ids);
    }

    public void Dispose() => _world.Dispose();
}
