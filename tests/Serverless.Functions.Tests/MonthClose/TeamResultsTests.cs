using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Serverless.Application.Ports;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Testing;

namespace Serverless.Functions.Tests.MonthClose;

/// <summary>
/// Team results of the real month close on Azurite over two months: ten agents in three teams; under the preset's tiers
/// (A 5 %, B 10 %, C 15 % of 10 ranked: rank 1 is A, rank 2 is C) January pays X01 and X05, February X08 and X02. February's
/// <c>teams.csv</c>, its manifest's coverage and the timer's summary count the agents ever in a tier across both months.
/// </summary>
public sealed class TeamResultsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly YearMonth January = new(2027, 1);
    private static readonly YearMonth February = new(2027, 2);

    private static readonly (string Agent, string Team)[] People =
        [("X01", "T1"), ("X02", "T1"), ("X03", "T1"), ("X04", "T1"), ("X05", "T2"), ("X06", "T2"), ("X07", "T2"), ("X08", "T3"), ("X09", "T3"), ("X10", "T3")];

    private static async Task<byte[]> FileAsync(HttpClient client, YearMonth month, string file)
    {
        using var response = await client.GetAsync($"/api/months/{month}/files/{file}?version=1");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{month} {file}: {(int)response.StatusCode}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Each agent's two scored days, with efficiency points so that <paramref name="first"/> ranks first and <paramref name="second"/> second.</summary>
    private static async Task ScoreMonthAsync(HandlerHost handler, YearMonth month, string first, string second)
    {
        for (var i = 0; i < People.Length; i++)
        {
            var agent = People[i].Agent;
            var points = agent == first ? 5m : agent == second ? 4m : 1m + (i / 10m);
            await MonthData.PutTwoDaysAsync(handler.AgentMonths, agent, month, points);
        }
    }

    [Fact]
    public async Task Each_close_reports_its_teams_and_the_coverage_across_the_published_months()
    {
        // 02:00 on 1 March 2027 in Shanghai: the timer closes February.
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 2, 0, 0, TimeSpan.FromHours(8)));
        await using var handler = new HandlerHost(MonthCloseHost.Options(azurite.ConnectionString, clock));
        await handler.Get<IRosterStore>().UpsertAsync(
            [.. People.Select(p => new RosterRecord(p.Agent, "坐席" + p.Agent, "客服一部", "电费", p.Team, new DateOnly(2020, 3, 1), RosterStatus.Active))], default);
        await ScoreMonthAsync(handler, January, "X01", "X05");
        await ScoreMonthAsync(handler, February, "X08", "X02");
        using var admin = handler.Admin();

        var january = await admin.PostAsJsonAsync($"/api/months/{January}/publish", new { reason = "January closed late" });
        Assert.True(january.StatusCode == HttpStatusCode.Created, await january.Content.ReadAsStringAsync());
        var summary = await handler.RunTimerAsync();

        var januaryTeams = PublishedCsv.Read(await FileAsync(admin, January, "teams.csv"));
        Assert.Equal(["month", "team", "members", "mean_points", "members_in_tier", "share_in_tier", "tier_A", "tier_B", "tier_C"], januaryTeams[0]);
        Assert.Equal([("T1", "4", "1", "1", "0", "0"), ("T2", "3", "1", "0", "0", "1"), ("T3", "3", "0", "0", "0", "0")],
            januaryTeams.Skip(1).Select(r => (r[1], r[2], r[4], r[6], r[7], r[8])));

        var february = PublishedCsv.Read(await FileAsync(admin, February, "teams.csv"));
        Assert.Equal([("T1", "4", "1", "0.25", "0", "0", "1"), ("T2", "3", "0", "0", "0", "0", "0"), ("T3", "3", "1", "0.3333", "1", "0", "0")],
            february.Skip(1).Select(r => (r[1], r[2], r[4], r[5], r[6], r[7], r[8])));

        var manifest = JsonDocument.Parse(await FileAsync(admin, February, "manifest.json")).RootElement;
        var teams = manifest.GetProperty("teams");
        // Ever in a tier among February's 10: X01 and X05 (January), X08 and X02 (February). Teams with one in February: T1, T3.
        Assert.Equal((10, 4, 0.4m, 3, 2, 0.6667m), (
            teams.GetProperty("agents").GetInt32(), teams.GetProperty("agentsEverInTier").GetInt32(), teams.GetProperty("agentsEverInTierShare").GetDecimal(),
            teams.GetProperty("teams").GetInt32(), teams.GetProperty("teamsWithTier").GetInt32(), teams.GetProperty("teamsWithTierShare").GetDecimal()));
        Assert.Contains(manifest.GetProperty("files").EnumerateArray(), f => f.GetProperty("name").GetString() == "teams.csv");
        Assert.Equal(0.2m, JsonDocument.Parse(await FileAsync(admin, January, "manifest.json")).RootElement.GetProperty("teams").GetProperty("agentsEverInTierShare").GetDecimal());
        Assert.Contains("teams: 2 of 3 with a member in a tier (66.7 %), agents ever in a tier: 4 of 10 (40 %)", summary, StringComparison.Ordinal);
    }
}
