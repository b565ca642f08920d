using System.Globalization;
using System.Text;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Scoring;

/// <summary>
/// A rules version that adds items on metrics no named kind scores — help share from the calls file, mean quality score
/// from the quality file — scores them from dropped exports through the handler, each entry explaining itself.
/// </summary>
public sealed class MetricRulesFromFilesTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly HandlerHost _world = new(ScoringHost.Options(azurite.ConnectionString));

    private static readonly DateOnly Day = new(2026, 10, 12);

    // The positive-incentive preset plus two items, in force from October 2026.
    private static string RulesJson() => RulePresets.ReadJson(RulePresets.PositiveIncentive)
        .Replace("\"version\": \"2026.1\"", "\"version\": \"2026.10-metrics\"", StringComparison.Ordinal)
        .Replace("\"effectiveFrom\": \"2026-01-01\"", "\"effectiveFrom\": \"2026-10-01\"", StringComparison.Ordinal)
        .Replace(
            "{ \"kind\": \"not-ready\", \"dimension\": \"dailyBehaviour\", \"maxShareOfSignedIn\": 0.10, \"points\": 0.3 }",
            """
            { "kind": "not-ready", "dimension": "dailyBehaviour", "maxShareOfSignedIn": 0.10, "points": 0.3 },
                { "kind": "metric", "name": "few-help-requests", "dimension": "dailyBehaviour", "metric": "help-share",
                  "minimum": 10, "direction": "lower", "tiers": [ { "atMost": 0.05, "points": 1 }, { "atMost": 0.10, "points": 0.5 } ] },
                { "kind": "metric", "name": "quality-score", "dimension": "workQuality", "metric": "mean-quality-score",
                  "direction": "higher", "linear": { "lower": 60, "upper": 90, "points": 2 } }
            """, StringComparison.Ordinal);

    /// <summary>Each agent's calls, one every 10 minutes from 09:00 (200 s talk), the first <c>help</c> of them with help asked.</summary>
    private static string Calls(params (string AgentId, int Calls, int Help)[] agents)
    {
        var csv = new StringBuilder("call_id,agent_id,start_time,end_time,talk_seconds,help_requested\r\n");
        foreach (var (agentId, calls, help) in agents)
        {
            for (var i = 0; i < calls; i++)
            {
                var start = Day.ToDateTime(new TimeOnly(9, 0)).AddMinutes(10 * i);
                csv.Append(CultureInfo.InvariantCulture, $"{agentId}-{i},{agentId},{start:yyyy-MM-dd HH:mm:ss},{start.AddSeconds(200):yyyy-MM-dd HH:mm:ss},200,{(i < help ? 1 : 0)}\r\n");
            }
        }
        return csv.ToString();
    }

    private async Task<LedgerEntry> EntryAsync(string agentId, string rule) =>
        (await _world.LedgerDayAsync(agentId, Day)).Single(e => e.Rule == rule);

    [Fact]
    public async Task A_help_share_item_and_a_quality_score_item_are_scored_from_the_files_with_their_explanations()
    {
        var parsed = RulesDocument.Parse(RulesJson());
        Assert.True(parsed.Succeeded, parsed.Describe());
        await _world.Get<IRulesStore>().AddAsync(parsed.Value!, RulesJson(), CancellationToken.None);
        await _world.RosterAsync(("HS1", "D1", "S1"), ("HS2", "D1", "S1"), ("HS3", "D1", "S1"));

        // HS1 asks for help on 1 call in 20 (5 %), HS2 on 3 in 20 (15 %), HS3 answers 6 calls: fewer than the minimum 10.
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.CallsBlob(Day, "help"), Calls(("HS1", 20, 1), ("HS2", 20, 3), ("HS3", 6, 0))));
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.TimeBlob(Day, "help"), Exports.Time(Day, ("HS1", 28800, 28800, 1000, 0.97), ("HS2", 28800, 28800, 1000, 0.97), ("HS3", 28800, 28800, 1000, 0.97))));

        var hs1 = await EntryAsync("HS1", "few-help-requests");
        Assert.Equal((1m, "answered-calls=20 min=10 help-requests=1 answered-calls=20 help-share=0.0500", (string?)null, 0.05, "2026.10-metrics"),
            (hs1.Points, hs1.Inputs, hs1.Reason, hs1.Measure, hs1.RulesVersion));
        var hs2 = await EntryAsync("HS2", "few-help-requests");
        Assert.Equal((0m, "above every tier", 0.15), (hs2.Points, hs2.Reason, hs2.Measure));
        var hs3 = await EntryAsync("HS3", "few-help-requests");
        Assert.Equal((0m, "answered-calls=6 min=10", "answered-calls below the minimum 10", (double?)null), (hs3.Points, hs3.Inputs, hs3.Reason, hs3.Measure));
        // The quality rule waits for the quality file: no entry yet rather than a 0 that says "no scored inspection".
        Assert.DoesNotContain(await _world.LedgerDayAsync("HS1", Day), e => e.Rule == "quality-score");

        // HS1's inspections score 90 and 80 (mean 85: 2 × 25/30 = 1.67 points); HS2's one 60 (the line's 0 end).
        var quality = "agent_id,date,call_id,score,error\r\n"
            + $"HS1,{Day:yyyy-MM-dd},HS1-0,90,0\r\nHS1,{Day:yyyy-MM-dd},HS1-1,80,0\r\nHS2,{Day:yyyy-MM-dd},HS2-0,60,1\r\n";
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.QualityBlob(Day, "help"), quality));

        var q1 = await EntryAsync("HS1", "quality-score");
        Assert.Equal((1.67m, "mean-quality-score=85.00", (string?)null, 85d, Dimension.WorkQuality), (q1.Points, q1.Inputs, q1.Reason, q1.Measure, q1.Dimension));
        var q2 = await EntryAsync("HS2", "quality-score");
        Assert.Equal((0m, "at or near the line's lower threshold: 0 points", 60d), (q2.Points, q2.Reason, q2.Measure));
        var q3 = await EntryAsync("HS3", "quality-score");
        Assert.Equal((0m, "mean-quality-score=none", "no scored inspection"), (q3.Points, q3.Inputs, q3.Reason));
        // The help-share entries are as they were: the quality file is not an input of theirs.
        Assert.Equal(hs1, await EntryAsync("HS1", "few-help-requests"));
    }

    public void Dispose() => _world.Dispose();
}
