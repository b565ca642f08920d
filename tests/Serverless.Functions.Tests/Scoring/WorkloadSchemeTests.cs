using System.Text.Json;
using Serverless.Domain.Metrics;
using Serverless.Application.UseCases;
using Serverless.Application.Ports;
using Serverless.Domain.Publishing;
using Serverless.Domain.Scoring;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Scoring;

/// <summary>
/// The workload scheme end to end on Azurite: a work-items export is scored into its agent-days (L = w × B × η) and
/// a month close's Y sums those entries as w·ΣL.
/// </summary>
public sealed class WorkloadSchemeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private const string Header = "agent_id,date,item_code,role,quantity\n";
    private readonly HandlerHost _world = new(ScoringHost.Options(azurite.ConnectionString));

    private async Task<RulesDocument> WorkloadRulesInForceAsync()
    {
        var rules = RulePresets.Load(RulePresets.Workload);
        await _world.Get<IRulesStore>().AddAsync(rules, RulePresets.ReadJson(RulePresets.Workload), CancellationToken.None);
        return rules;
    }

    private static string WorkItemsBlob(DateOnly day) => $"work-items/{day:yyyy-MM-dd}/ops.csv";

    private static string Row(string agentId, DateOnly day, string code, string role, decimal quantity) =>
        FormattableString.Invariant($"{agentId},{day:yyyy-MM-dd},{code},{role},{quantity}\n");

    private static IReadOnlyList<string> AgentsOf(IEnumerable<string> messages) =>
        [.. messages.SelectMany(m => JsonDocument.Parse(m).RootElement.GetProperty("agentIds").EnumerateArray().Select(a => a.GetString()!))];

    private async Task<Dictionary<string, decimal>> PointsAsync(string agentId, DateOnly day) =>
        (await _world.LedgerDayAsync(agentId, day)).ToDictionary(e => e.Rule, e => e.Points, StringComparer.Ordinal);

    [Fact]
    public async Task Work_items_are_scored_as_B_times_eta_and_a_corrected_file_replaces_them()
    {
        await WorkloadRulesInForceAsync();
        var day = new DateOnly(2026, 10, 5);
        // WL1 and WL10 share a prefix: their rows sort "WL10|" before "WL1|", which the store's range read must cover.
        await _world.RosterAsync(("WL1", "D1", "S1"), ("WL10", "D1", "S1"), ("WL2", "D2", "S1"));
        // WL1 also has calls: the day keeps both its metrics and its work items.
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.CallsBlob(day, "ops"), Exports.Calls(day, ("WL1", 10, 200))));

        var requests = await _world.DropAsync(WorkItemsBlob(day), Header
            + Row("WL1", day, "complaint", "single", 2)
            + Row("WL1", day, "coaching", "primary", 1)
            + Row("WL10", day, "complaint", "primary", 1)
            + Row("WL2", day, "complaint", "secondary", 1)
            + Row("WL2", day, "callback", "single", 3));
        Assert.Equal(["WL1", "WL10", "WL2"], AgentsOf(requests));
        await _world.ScoreAllAsync(requests);

        // B: complaint 3, coaching 4, callback 0.5; η: single 1, primary 1.1, secondary 1.0; w = 1.
        Assert.Equal(new Dictionary<string, decimal> { ["work-item:complaint"] = 3m * 1m * 2, ["work-item:coaching"] = 4m * 1.1m }, await PointsAsync("WL1", day));
        Assert.Equal(new Dictionary<string, decimal> { ["work-item:complaint"] = 3m * 1.1m }, await PointsAsync("WL10", day));
        Assert.Equal(new Dictionary<string, decimal> { ["work-item:complaint"] = 3m * 1.0m, ["work-item:callback"] = 0.5m * 1m * 3 }, await PointsAsync("WL2", day));
        var wl1 = (await _world.Get<IAgentMonthStore>().GetAsync("WL1", YearMonth.Of(day), CancellationToken.None))!.Days.Single();
        Assert.Equal(10, wl1.Metrics.AnsweredCalls);
        Assert.Equal(2, wl1.ImportIds.Count);
        Assert.All(wl1.Entries, e => Assert.Equal("D1", e.Department));

        // The correction doubles WL10's complaint and drops WL2; WL1's items are as they were.
        var corrected = await _world.DropAsync(WorkItemsBlob(day), Header
            + Row("WL1", day, "complaint", "single", 2)
            + Row("WL1", day, "coaching", "primary", 1)
            + Row("WL10", day, "complaint", "primary", 2));
        Assert.Equal(["WL10", "WL2"], AgentsOf(corrected));
        await _world.ScoreAllAsync(corrected);
        await _world.ScoreAllAsync(corrected);

        Assert.Equal(new Dictionary<string, decimal> { ["work-item:complaint"] = 3m * 1.1m * 2 }, await PointsAsync("WL10", day));
        Assert.Empty(await _world.LedgerDayAsync("WL2", day));
        Assert.Empty((await _world.Get<IAgentMonthStore>().GetAsync("WL2", YearMonth.Of(day), CancellationToken.None))!.Days);
        Assert.Equal(6m + 4.4m, (await PointsAsync("WL1", day)).Values.Sum());
        var totals = await ((AgentMonthStore)_world.Get<IAgentMonthStore>()).GetTotalsAsync("WL10", YearMonth.Of(day), CancellationToken.None);
        Assert.Equal(6.6m, totals![Dimension.Workload]);
    }

    [Fact]
    public async Task A_month_close_counts_the_months_work_items_as_w_times_the_sum_of_L()
    {
        var rules = await WorkloadRulesInForceAsync();
        var days = new[] { new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 3) };
        await _world.RosterAsync(("WM1", "D1", "S1"), ("WM2", "D1", "S1"));
        await _world.ScoreAllAsync(await _world.DropAsync(WorkItemsBlob(days[0]), Header
            + Row("WM1", days[0], "work-order", "single", 5) + Row("WM1", days[0], "outage-notice", "primary", 1)
            + Row("WM2", days[0], "outage-notice", "secondary", 1)));
        await _world.ScoreAllAsync(await _world.DropAsync(WorkItemsBlob(days[1]), Header + Row("WM1", days[1], "complaint", "primary", 2)));

        var month = new YearMonth(2026, 11);
        var records = await _world.Get<IAgentMonthStore>().GetMonthAsync(month, CancellationToken.None);
        var roster = await _world.Get<IRosterStore>().GetAsync(["WM1", "WM2"], CancellationToken.None);
        var close = MonthCloseCalculation.Compute(month, rules, records, [.. roster.Values], [], new Dictionary<string, AgentStanding>());

        // Y = w·ΣL + ΣZ + ΣQ with w = 1, no surveys or inspections (Z = 0) and no adjustments (Q = 0):
        // WM1: 1×5×1 + 2×1×1.1 + 3×2×1.1 = 5 + 2.2 + 6.6; WM2: 2×1×1.0.
        var y = close.Scores.ToDictionary(s => s.AgentId, s => s.Score.Totals.Points, StringComparer.Ordinal);
        Assert.Equal(new Dictionary<string, decimal> { ["WM1"] = 13.8m, ["WM2"] = 2m }, y);

        // Month close reads the store's running figures, not the days: the same close.
        var summaries = await _world.Get<IAgentMonthStore>().GetMonthSummariesAsync(month, CancellationToken.None);
        var fromFigures = MonthCloseCalculation.Compute(month, rules, summaries, [.. roster.Values], [], new Dictionary<string, AgentStanding>());
        Assert.Equal(close.Ranking.Rows, fromFigures.Ranking.Rows);
        Assert.Equal(close.Scores.SelectMany(s => s.Score.Entries), fromFigures.Scores.SelectMany(s => s.Score.Entries));

        // Neither has a telephony schedule, yet both did the month's work items: under workload both are ranked on Y.
        Assert.Equal([("WM1", 1), ("WM2", 2)], close.Ranking.Rows.Select(r => (r.AgentId, r.Rank)));

        // A re-score of the month (a new rules version) reaches these days too, though they have no metrics.
        var rescore = await _world.Get<MonthRescorer>().RequestsForMonthAsync(month, CancellationToken.None);
        Assert.Equal([(days[0], "WM1"), (days[0], "WM2"), (days[1], "WM1")], rescore.SelectMany(r => r.AgentIds.Select(a => (r.Date, a))));
    }

    [Fact]
    public async Task A_leaders_adjustments_are_Q_in_Y_and_a_withdrawn_one_is_not()
    {
        var rules = await WorkloadRulesInForceAsync();
        var day = new DateOnly(2026, 9, 7);
        var month = YearMonth.Of(day);
        await _world.RosterAsync(("WQ1", "D1", "S1"), ("WQ2", "D1", "S1"));
        await _world.ScoreAllAsync(await _world.DropAsync(WorkItemsBlob(day), Header
            + Row("WQ1", day, "complaint", "single", 2) + Row("WQ2", day, "complaint", "single", 1)));
        var adjustments = _world.Get<IEntryStore<PointsAdjustment>>();
        var now = new DateTimeOffset(2026, 9, 8, 9, 0, 0, TimeSpan.FromHours(8));
        await adjustments.AddAsync(new Entry<PointsAdjustment> { Id = "q1", Value = new("q1", "WQ1", day, -4.5m, "客户投诉升级"), Source = "api:lead", RecordedAt = now }, CancellationToken.None);
        await adjustments.AddAsync(new Entry<PointsAdjustment> { Id = "q2", Value = new("q2", "WQ2", day, 6m, "临时承担停电公告"), Source = "api:lead", RecordedAt = now }, CancellationToken.None);
        await adjustments.AddAsync(new Entry<PointsAdjustment> { Id = "q3", Value = new("q3", "WQ2", day, 10m, "entered twice"), Source = "api:lead", RecordedAt = now }, CancellationToken.None);
        await adjustments.AddAsync(new Entry<PointsAdjustment> { Id = "q3~reversal", Value = new("q3~reversal", "WQ2", day, 10m, "entered twice"), Source = "api:hr", RecordedAt = now, ReversalOf = "q3", ReversalReason = "duplicate" }, CancellationToken.None);

        var roster = await _world.Get<IRosterStore>().GetAsync(["WQ1", "WQ2"], CancellationToken.None);
        var close = MonthCloseCalculation.Compute(month, rules, await _world.Get<IAgentMonthStore>().GetMonthSummariesAsync(month, CancellationToken.None), [.. roster.Values], [],
            new Dictionary<string, AgentStanding>(), [.. (await adjustments.GetInForceAsync(month, CancellationToken.None)).Select(a => a.Value)]);

        // Y = w·ΣL + ΣQ: WQ1 3×2 − 4.5 = 1.5; WQ2 3×1 + 6 = 9 (the withdrawn 10 counts nowhere).
        Assert.Equal([("WQ2", 9m, 1), ("WQ1", 1.5m, 2)], close.Ranking.Rows.Select(r => (r.AgentId, r.MonthPoints, r.Rank)));
        var q1 = close.Scores.Single(s => s.AgentId == "WQ1").Score.Entries.Single(e => e.Rule == "adjustment:q1");
        Assert.Equal((Dimension.Other, -4.5m, "客户投诉升级"), (q1.Dimension, q1.Points, q1.Reason));
        Assert.DoesNotContain(close.Scores.SelectMany(s => s.Score.Entries), e => e.Rule.StartsWith("adjustment:q3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Under_positive_incentive_a_day_of_work_items_alone_does_not_make_an_agent_eligible()
    {
        await WorkloadRulesInForceAsync();
        var day = new DateOnly(2026, 8, 4);
        var month = YearMonth.Of(day);
        await _world.RosterAsync(("WP1", "D1", "S1"));
        await _world.ScoreAllAsync(await _world.DropAsync(WorkItemsBlob(day), Header + Row("WP1", day, "complaint", "single", 2)));
        var roster = await _world.Get<IRosterStore>().GetAsync(["WP1"], CancellationToken.None);
        var summaries = await _world.Get<IAgentMonthStore>().GetMonthSummariesAsync(month, CancellationToken.None);

        var positive = MonthCloseCalculation.Compute(month, RulePresets.Load(RulePresets.PositiveIncentive), summaries, [.. roster.Values], [], new Dictionary<string, AgentStanding>());

        Assert.Empty(positive.Ranking.Rows);
        Assert.Equal(0, positive.Ranking.Summary.EligibleCount);
    }

    public void Dispose() => _world.Dispose();
}
