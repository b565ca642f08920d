using Serverless.Domain.Scoring;
using System.Globalization;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Scoring;

/// <summary>
/// Reads of a few thousand agents by id (the roster and the running months of a score request, the whole roster for a
/// day's norms), against Azurite: they are cut into runs of ids read in parallel, and still return exactly the agents
/// asked for that exist, however the ids interleave with rows not asked for.
/// </summary>
public sealed class KeyedReadTests(AzuriteFixture azurite) : AzuriteStoreTests(azurite)
{

    private static string Id(int i) => "K" + i.ToString("D5", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_roster_of_thousands_of_agents_comes_back_whole_with_no_one_else()
    {
        // 3,600 agents on the roster; asked for every other one of them in a scrambled order, plus ids that are not
        // on it (between, before and after the roster's), with repeats: several runs, each with rows not asked for.
        var roster = new RosterStore(Storage);
        await roster.UpsertAsync([.. Enumerable.Range(0, 3_600).Select(i => new RosterRecord(Id(i), "", "客服" + (i % 7), "电费", "T", null, RosterStatus.Active))], CancellationToken.None);
        var onRoster = Enumerable.Range(0, 3_600).Where(i => i % 2 == 0).Select(Id).ToList();
        string[] absent = ["A0", "K00001x", "K01999x", "Z9"];
        var asked = onRoster.Concat(absent).Concat(onRoster.Take(50)).OrderBy(id => id.GetHashCode(StringComparison.Ordinal)).ToList();

        var found = await roster.GetAsync(asked, CancellationToken.None);

        Assert.Equal(onRoster, found.Keys.Order(StringComparer.Ordinal));
        Assert.All(found, p => Assert.Equal("客服" + (int.Parse(p.Key[1..], CultureInfo.InvariantCulture) % 7), p.Value.Department));
    }

    [Fact]
    public async Task A_score_request_finds_the_month_rows_of_its_agents_across_runs()
    {
        var day = new DateOnly(2026, 9, 3);
        var months = new AgentMonthStore(Storage);
        var scored = Enumerable.Range(0, 2_500).Select(Id).ToList();
        await months.PutDaysAsync(day, [.. scored.Select(id => new KeyValuePair<string, ScoredDay?>(id,
            new ScoredDay(new AgentDayMetrics { AgentId = id, Date = day, AnsweredCalls = 1 }, "D", "S", [], ["imp"])))], CancellationToken.None);

        // Every third agent, and some never scored.
        var asked = scored.Where((_, i) => i % 3 == 0).Concat(["K02500", "K99999"]).ToList();
        var days = await months.GetDaysAsync(day, asked, CancellationToken.None);

        Assert.Equal(scored.Where((_, i) => i % 3 == 0), days.Keys.Order(StringComparer.Ordinal));
        Assert.All(days, d => Assert.Equal(d.Key, d.Value.Metrics.AgentId));
    }
}
