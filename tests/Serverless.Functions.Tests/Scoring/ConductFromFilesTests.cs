using System.Text;
using Serverless.Application.Ports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Scoring;

/// <summary>
/// 行为规范 from a dropped <c>conduct</c> export through the handler: under <c>positive-incentive</c> a month without
/// conduct events earns points; under <c>workload</c> each day's events are a deduction whose reason is the rule's.
/// </summary>
public sealed class ConductFromFilesTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly HandlerHost _world = new(ScoringHost.Options(azurite.ConnectionString));

    private const string Deduction = "行为规范: 违规扣分, by the supervisor's conduct record";

    private async Task AddRulesAsync(string json)
    {
        var parsed = RulesDocument.Parse(json);
        Assert.True(parsed.Succeeded, parsed.Describe());
        await _world.Get<IRulesStore>().AddAsync(parsed.Value!, json, CancellationToken.None);
    }

    // October: the positive-incentive preset plus a month without conduct events worth 5 points.
    private static string PositiveRules() => RulePresets.ReadJson(RulePresets.PositiveIncentive)
        .Replace("\"version\": \"2026.1\"", "\"version\": \"2026.10-conduct\"", StringComparison.Ordinal)
        .Replace("\"effectiveFrom\": \"2026-01-01\"", "\"effectiveFrom\": \"2026-10-01\"", StringComparison.Ordinal)
        .Replace("\"monthly\": [", """
            "monthly": [
                { "kind": "metric", "name": "conduct-free-month", "dimension": "dailyBehaviour", "metric": "conduct-events",
                  "direction": "lower", "tiers": [ { "atMost": 0, "points": 5 } ] },
            """, StringComparison.Ordinal);

    // November: the workload preset plus a deduction by the day's conduct severities.
    private static string WorkloadRules() => RulePresets.ReadJson(RulePresets.Workload)
        .Replace("\"version\": \"2026.1\"", "\"version\": \"2026.11-conduct\"", StringComparison.Ordinal)
        .Replace("\"effectiveFrom\": \"2026-01-01\"", "\"effectiveFrom\": \"2026-11-01\"", StringComparison.Ordinal)
        .Replace("\"monthly\": [", $$"""
            "daily": [
                { "kind": "metric", "name": "conduct", "dimension": "other", "description": "{{Deduction}}", "metric": "conduct-severity",
                  "direction": "lower", "tiers": [ { "atMost": 0, "points": 0 }, { "atMost": 1, "points": -1 }, { "atMost": 3, "points": -2 }, { "atMost": 1000, "points": -5 } ] }
              ],
              "monthly": [
            """, StringComparison.Ordinal);

    private static string Conduct(DateOnly day, params (string AgentId, string Item, string Severity)[] events)
    {
        var csv = new StringBuilder("坐席工号,日期,规范项目,严重程度,备注\r\n");
        foreach (var (agentId, item, severity) in events) csv.Append($"{agentId},{day:yyyy-MM-dd},{item},{severity},班长现场记录\r\n");
        return csv.ToString();
    }

    [Fact]
    public async Task Under_workload_a_days_conduct_events_are_a_deduction_with_the_rules_reason()
    {
        await AddRulesAsync(WorkloadRules());
        var day = new DateOnly(2026, 11, 10);
        await _world.RosterAsync(("CW1", "D1", "S1"), ("CW2", "D1", "S1"), ("CW3", "D1", "S1"));
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.CallsBlob(day, "conduct"), Exports.Calls(day, ("CW1", 10, 200), ("CW2", 10, 200), ("CW3", 10, 200))));
        // No entry before the day's conduct file is in: the rule reads it.
        Assert.DoesNotContain(await _world.LedgerDayAsync("CW3", day), e => e.Rule == "conduct");

        // CW1: a minor and a serious event (severity 4, the last tier: −5); CW2: one minor (−1); CW3: none in the file.
        await _world.ScoreAllAsync(await _world.DropAsync($"conduct/{day:yyyy-MM-dd}/supervisors.csv", Conduct(day, ("CW1", "着装规范", "轻微"), ("CW1", "服务用语", "严重"), ("CW2", "dress-code", "minor"))));

        var cw1 = (await _world.LedgerDayAsync("CW1", day)).Single(e => e.Rule == "conduct");
        Assert.Equal((-5m, Deduction, "conduct-severity=4", Dimension.Other, "2026.11-conduct"), (cw1.Points, cw1.Reason, cw1.Inputs, cw1.Dimension, cw1.RulesVersion));
        var cw2 = (await _world.LedgerDayAsync("CW2", day)).Single(e => e.Rule == "conduct");
        Assert.Equal((-1m, Deduction), (cw2.Points, cw2.Reason));
        // CW3 is scored with the day once the file is in, and has nothing to deduct.
        var cw3 = (await _world.LedgerDayAsync("CW3", day)).Single(e => e.Rule == "conduct");
        Assert.Equal((0m, (string?)null, "conduct-severity=0"), (cw3.Points, cw3.Reason, cw3.Inputs));
        Assert.Equal(2, (await _world.Get<IMetricsStore>().GetAsync(day, ["CW1"], CancellationToken.None)).Single().ConductEvents);
        // The supervisor's note is read past, never stored: no table row or blob but the dropped export itself holds it.
        var stored = (await Ingestion.StorageSnapshot.TakeAsync(_world.Storage)).AllText(Serverless.Storage.Containers.Exports).ToList();
        Assert.DoesNotContain(stored, text => text.Contains("班长现场记录", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Under_positive_incentive_a_month_without_conduct_events_earns_points()
    {
        await AddRulesAsync(PositiveRules());
        var day = new DateOnly(2026, 10, 14);
        await _world.RosterAsync(("CP1", "D1", "S1"), ("CP2", "D1", "S1"));
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.CallsBlob(day, "conduct"), Exports.Calls(day, ("CP1", 10, 200), ("CP2", 10, 200))));
        await _world.ScoreAllAsync(await _world.DropAsync($"conduct/{day:yyyy-MM-dd}/supervisors.csv", Conduct(day, ("CP1", "迟到早退", "一般"))));

        // Month close reads the stored month figures, as PublishMonth does.
        var rules = RulesDocument.Parse(PositiveRules()).Value!;
        var summaries = (await _world.Get<IAgentMonthStore>().GetMonthSummariesAsync(new YearMonth(2026, 10), CancellationToken.None)).ToDictionary(s => s.AgentId, StringComparer.Ordinal);
        LedgerEntry Closed(string agentId) => new MonthScorer(rules).Score(new MonthInput
        {
            AgentId = agentId, Month = new YearMonth(2026, 10), Department = "D1", Figures = summaries[agentId].Figures,
        }).Entries.Single(e => e.Rule == "conduct-free-month");

        var cp1 = Closed("CP1");
        Assert.Equal((0m, "above every tier", "conduct-events=1", 1d), (cp1.Points, cp1.Reason, cp1.Inputs, cp1.Measure));
        var cp2 = Closed("CP2");
        Assert.Equal((5m, (string?)null, "conduct-events=0", Dimension.DailyBehaviour), (cp2.Points, cp2.Reason, cp2.Inputs, cp2.Dimension));
    }

    public void Dispose() => _world.Dispose();
}
