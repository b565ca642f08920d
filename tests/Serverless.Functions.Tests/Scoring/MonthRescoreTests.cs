using Serverless.Domain.Metrics;
using Serverless.Application.UseCases;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Scoring;

/// <summary>A new rules version taking effect within an open month re-scores the month's days on request.</summary>
public sealed class MonthRescoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly HandlerHost _world = new(ScoringHost.Options(azurite.ConnectionString));

    [Fact]
    public async Task A_new_rules_version_re_scores_the_open_month_and_replaces_renamed_rules()
    {
        var days = new[] { new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2) };
        var agents = new[] { "MR01", "MR02", "MR03" };
        await _world.RosterAsync([.. agents.Select(a => (a, "D3", "S1"))]);
        foreach (var day in days)
        {
            await _world.ScoreAllAsync(await _world.DropAsync(Exports.CallsBlob(day, "rescore"), Exports.Calls(day, ("MR01", 10, 200), ("MR02", 12, 260), ("MR03", 14, 300))));
            await _world.ScoreAllAsync(await _world.DropAsync(Exports.TimeBlob(day, "rescore"), Exports.Time(day, [.. agents.Select(a => (a, 28800, 28800, 1000, 0.97))])));
        }
        Assert.Contains(await _world.LedgerDayAsync("MR01", days[0]), e => e.Rule == "not-ready" && e.RulesVersion == "2026.1");

        // Version 2026.12 from December: not-ready is now called "not-ready-2" and pays more.
        var json = RulePresets.ReadJson(RulePresets.PositiveIncentive)
            .Replace("\"version\": \"2026.1\"", "\"version\": \"2026.12\"", StringComparison.Ordinal)
            .Replace("\"effectiveFrom\": \"2026-01-01\"", "\"effectiveFrom\": \"2026-12-01\"", StringComparison.Ordinal)
            .Replace("{ \"kind\": \"not-ready\", ", "{ \"kind\": \"not-ready\", \"name\": \"not-ready-2\", ", StringComparison.Ordinal)
            .Replace("\"maxShareOfSignedIn\": 0.10, \"points\": 0.3", "\"maxShareOfSignedIn\": 0.10, \"points\": 0.4", StringComparison.Ordinal);
        var parsed = RulesDocument.Parse(json);
        Assert.True(parsed.Value is not null, parsed.Describe());
        Assert.True(await _world.Get<IRulesStore>().AddAsync(parsed.Value!, json, CancellationToken.None));

        var requests = await _world.Get<MonthRescorer>().RequestsForMonthAsync(new YearMonth(2026, 12), CancellationToken.None);
        Assert.Equal(days, requests.Select(r => r.Date));
        Assert.All(requests, r => Assert.Equal(agents, r.AgentIds));
        foreach (var request in requests) await _world.ScoreAsync(ScoringHost.Message(request.Date, [.. request.AgentIds]));

        foreach (var day in days)
        {
            var entries = await _world.LedgerDayAsync("MR01", day);
            Assert.Equal(["adherence", "attendance", "efficiency", "not-ready-2"], entries.Select(e => e.Rule));
            Assert.All(entries, e => Assert.Equal("2026.12", e.RulesVersion));
            Assert.Equal(0.4m, entries.Single(e => e.Rule == "not-ready-2").Points);
        }
        var totals = await ((AgentMonthStore)_world.Get<IAgentMonthStore>()).GetTotalsAsync("MR01", new YearMonth(2026, 12), CancellationToken.None);
        var month = await _world.Get<IAgentMonthStore>().GetAsync("MR01", new YearMonth(2026, 12), CancellationToken.None);
        Assert.Equal(month!.Days.SelectMany(d => d.Entries).Where(e => e.Dimension == Dimension.DailyBehaviour).Sum(e => e.Points), totals![Dimension.DailyBehaviour]);
        // Two days of attendance 0.5 and not-ready 0.4 (adherence's 0.5 is work quality, as the seed places 遵时率).
        Assert.Equal(2 * (0.5m + 0.4m), totals[Dimension.DailyBehaviour]);
    }

    public void Dispose() => _world.Dispose();
}
