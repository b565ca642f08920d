using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Serverless.Application.Ports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Scoring;

/// <summary>
/// Monthly help share, AHT, mean quality score, repeat-call share and first-contact resolution from dropped files, read
/// the way month close reads them (the stored month figures): sums first, ratios after; a corrected file replaces its
/// day's sums; figures begun before the sums were kept are summed from the days instead.
/// </summary>
public sealed class MonthlyMetricsFromFilesTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly HandlerHost _world = new(ScoringHost.Options(azurite.ConnectionString));

    private static readonly YearMonth October = new(2026, 10);
    private static readonly DateOnly Day1 = new(2026, 10, 5), Day2 = new(2026, 10, 6);

    private const string Rules = """
        {
          "scheme": "positive-incentive", "version": "monthly-files", "effectiveFrom": "2026-10-01",
          "monthly": [
            { "kind": "metric", "name": "help", "dimension": "dailyBehaviour", "metric": "help-share", "direction": "lower", "tiers": [ { "atMost": 0.34, "points": 1 } ] },
            { "kind": "metric", "name": "handling", "dimension": "workQuality", "metric": "aht", "direction": "lower", "linear": { "lower": 240, "upper": 320, "points": 2 } },
            { "kind": "metric", "name": "quality", "dimension": "workQuality", "metric": "mean-quality-score", "direction": "higher", "linear": { "lower": 60, "upper": 90, "points": 3 } },
            { "kind": "metric", "name": "repeats", "dimension": "workQuality", "metric": "repeat-call-share", "direction": "lower", "tiers": [ { "atMost": 0.4, "points": 2 } ] },
            { "kind": "metric", "name": "resolved", "dimension": "workQuality", "metric": "first-contact-resolution", "direction": "higher", "linear": { "lower": 0.5, "upper": 1.0, "points": 5 } }
          ]
        }
        """;

    /// <summary>One agent's calls from 09:00, 10 minutes apart: talk seconds (plus 20 s after-call work), help asked, caller (empty: none).</summary>
    private static string Calls(DateOnly day, params (int Talk, bool Help, string Caller)[] calls)
    {
        var csv = new StringBuilder("call_id,agent_id,start_time,end_time,talk_seconds,acw_seconds,help_requested,caller\r\n");
        for (var i = 0; i < calls.Length; i++)
        {
            var start = day.ToDateTime(new TimeOnly(9, 0)).AddMinutes(10 * i);
            var (talk, help, caller) = calls[i];
            csv.Append(CultureInfo.InvariantCulture, $"MM1-{day:dd}-{i},MM1,{start:yyyy-MM-dd HH:mm:ss},{start.AddSeconds(talk + 20):yyyy-MM-dd HH:mm:ss},{talk},20,{(help ? 1 : 0)},{caller}\r\n");
        }
        return csv.ToString();
    }

    private async Task<Dictionary<string, LedgerEntry>> CloseAsync()
    {
        var summary = (await _world.Get<IAgentMonthStore>().GetMonthSummariesAsync(October, CancellationToken.None)).Single(s => s.AgentId == "MM1");
        var rules = RulesDocument.Parse(Rules).Value!;
        return new MonthScorer(rules).Score(new MonthInput { AgentId = "MM1", Month = October, Department = "D1", Figures = summary.Figures })
            .Entries.ToDictionary(e => e.Rule, StringComparer.Ordinal);
    }

    [Fact]
    public async Task The_months_sums_are_divided_and_a_corrected_day_replaces_its_own()
    {
        await _world.RosterAsync(("MM1", "D1", "S1"));
        // 5 Oct: 4 calls of 200 + 20 s (880 s), help on one; caller 95598001 twice (the first a repeat), 95598002 once, one call without a number.
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.CallsBlob(Day1, "north"),
            Calls(Day1, (200, true, "95598001"), (200, false, "95598001"), (200, false, "95598002"), (200, false, ""))));
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.QualityBlob(Day1, "north"),
            $"agent_id,date,call_id,score,error\r\nMM1,{Day1:yyyy-MM-dd},MM1-05-0,90,0\r\nMM1,{Day1:yyyy-MM-dd},MM1-05-1,80,0\r\n"));
        // 6 Oct, first sent as 2 calls of 280 + 20 s, then corrected: 2 calls of 380 + 20 s (800 s), help on one, one caller twice.
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.CallsBlob(Day2, "north"), Calls(Day2, (280, false, "95598003"), (280, false, "95598004"))));
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.CallsBlob(Day2, "north"), Calls(Day2, (380, true, "95598005"), (380, false, "95598005"))));

        // Month: 6 calls, 1 680 s → AHT 280 (1 point on 240..320); help 2/6 = 0.3333; quality 170/2 = 85;
        // identified 5, repeats 2 → 0.4, first-contact resolution 0.6 (1 point on 0.5..1.0 × 5).
        var entries = await CloseAsync();
        Assert.Equal((1m, "aht=280.0"), (entries["handling"].Points, entries["handling"].Inputs));
        Assert.Equal((1m, "help-requests=2 answered-calls=6 help-share=0.3333"), (entries["help"].Points, entries["help"].Inputs));
        Assert.Equal((2.5m, "mean-quality-score=85.00"), (entries["quality"].Points, entries["quality"].Inputs));
        Assert.Equal((2m, "repeat-calls=2 identified-calls=5 repeat-call-share=0.4000"), (entries["repeats"].Points, entries["repeats"].Inputs));
        Assert.Equal((1m, "first-contact-resolution=0.6000"), (entries["resolved"].Points, entries["resolved"].Inputs));

        // A row whose figures were begun before the sums were kept (as every row stored before this version): month
        // close sums its days instead, and gets the same month.
        var table = _world.Storage.Tables.GetTableClient(Serverless.Storage.Tables.AgentMonths);
        var row = table.Query<TableEntity>(e => e.RowKey == "MM1").Single();
        var figures = JsonNode.Parse(row.GetString("MonthFigures"))!.AsObject();
        foreach (var name in new[] { "help", "handle", "scored", "scoreSum", "identified", "repeats" }) Assert.True(figures.Remove(name), name);
        foreach (var (_, facts) in figures["days"]!.AsObject()) Assert.True(facts!.AsObject().Remove("x"));
        row["MonthFigures"] = figures.ToJsonString();
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge);

        Assert.Equal(
            entries.Values.Select(e => (e.Rule, e.Points, e.Inputs, e.Measure)),
            (await CloseAsync()).Values.Select(e => (e.Rule, e.Points, e.Inputs, e.Measure)));
    }

    public void Dispose() => _world.Dispose();
}
