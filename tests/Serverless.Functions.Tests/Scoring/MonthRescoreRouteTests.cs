using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Serverless.Domain.Scoring;
using Serverless.Testing;

using Serverless.Functions.Tests.Jobs;

namespace Serverless.Functions.Tests.Scoring;

/// <summary>
/// HR's <c>POST /api/months/{m}/rescore</c> through the real use case (MonthRescoring → the rescore-jobs queue →
/// RescoreJobRunner → MonthRescorer → AgentDayScorer) on Azurite, the queue played as the Functions host plays it: a rules version that takes effect today, posted after today's first exports were scored, changes nothing
/// until the month is re-scored; then the points an agent sees change from that version's first day and not before.
/// The handler's clock is 09:00 on 20 October 2026 in Shanghai; the days are 19 and 20 October 2026.
/// </summary>
public sealed class MonthRescoreRouteTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private static readonly DateOnly Before = new(2026, 10, 19);
    private static readonly DateOnly From = new(2026, 10, 20);
    private static readonly string[] Agents = ["RR01", "RR02", "RR03"];

    private readonly HandlerHost _world = new(ScoringHost.Options(azurite.ConnectionString));

    /// <summary>A client signed in as HR through Easy Auth's header (the handler's default: X-Points-* is not believed).</summary>
    private HttpClient Hr(string name = "hr-rescore-test")
    {
        var principal = JsonSerializer.Serialize(new
        {
            auth_typ = "aad",
            claims = new[] { new { typ = "roles", val = "hr-admin" }, new { typ = "name", val = name } },
        });
        var client = _world.CreateClient();
        client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(Encoding.UTF8.GetBytes(principal)));
        return client;
    }

    private static string RulesFrom20October()
    {
        // Version 2026.10 from 20 October (today, the earliest the API takes): not-ready is now called "not-ready-2" and pays 0.4 instead of 0.3.
        var json = RulePresets.ReadJson(RulePresets.PositiveIncentive)
            .Replace("\"version\": \"2026.1\"", "\"version\": \"2026.10\"", StringComparison.Ordinal)
            .Replace("\"effectiveFrom\": \"2026-01-01\"", "\"effectiveFrom\": \"2026-10-20\"", StringComparison.Ordinal)
            .Replace("{ \"kind\": \"not-ready\", ", "{ \"kind\": \"not-ready\", \"name\": \"not-ready-2\", ", StringComparison.Ordinal)
            .Replace("\"maxShareOfSignedIn\": 0.10, \"points\": 0.3", "\"maxShareOfSignedIn\": 0.10, \"points\": 0.4", StringComparison.Ordinal);
        Assert.Contains("not-ready-2", json, StringComparison.Ordinal); // the preset still has the text these edits expect
        Assert.Contains("\"points\": 0.4", json, StringComparison.Ordinal);
        return json;
    }

    /// <summary>The agent's daily entries of 19–20 October as the points API shows them: (day, rule, points, rules version).</summary>
    private async Task<List<(string Day, string Rule, decimal Points, string Version)>> EntriesAsync(HttpClient hr, string agent)
    {
        var points = await hr.GetFromJsonAsync<JsonElement>($"/api/agents/{agent}/points?from={Before:yyyy-MM-dd}&to={From:yyyy-MM-dd}");
        return [.. points.GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("periodKind").GetString() == "day")
            .Select(e => (e.GetProperty("period").GetString()!, e.GetProperty("rule").GetString()!, e.GetProperty("points").GetDecimal(), e.GetProperty("rulesVersion").GetString()!))
            .OrderBy(e => e.Item1, StringComparer.Ordinal).ThenBy(e => e.Item2, StringComparer.Ordinal)];
    }

    [Fact]
    public async Task Rescoring_a_month_after_a_new_rules_version_changes_the_points_an_agent_sees_from_that_versions_first_day()
    {
        await _world.RosterAsync([.. Agents.Select(a => (a, "D4", "S1"))]);
        foreach (var day in new[] { Before, From })
        {
            await _world.ScoreAllAsync(await _world.DropAsync(Exports.CallsBlob(day, "rescore-route"), Exports.Calls(day, ("RR01", 10, 200), ("RR02", 12, 260), ("RR03", 14, 300))));
            await _world.ScoreAllAsync(await _world.DropAsync(Exports.TimeBlob(day, "rescore-route"), Exports.Time(day, [.. Agents.Select(a => (a, 28800, 28800, 1000, 0.97))])));
        }
        var hr = Hr();
        // Not ready 1,000 s of 28,800 signed in (3.5 % ≤ 10 %): 0.3 a day under 2026.1.
        var scored = await EntriesAsync(hr, "RR01");
        Assert.Contains(("2026-10-20", "not-ready", 0.3m, "2026.1"), scored);

        var posted = await hr.PostAsync("/api/rules", new StringContent(RulesFrom20October(), Encoding.UTF8, "application/json"));
        Assert.True(posted.StatusCode == HttpStatusCode.Created, await posted.Content.ReadAsStringAsync());
        // A posted version is a draft until another hr-admin approves it (its date is today, so no re-score is asked for).
        var approved = await Hr("hr-approver").PostAsJsonAsync("/api/rules/2026.10/approve", new { reason = "four eyes" });
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        Assert.Equal(scored, await EntriesAsync(hr, "RR01")); // a new version alone re-scores nothing

        var rescored = await hr.RescoreAsync("2026-10", "rules 2026.10 from 20 October", "rescore-route-1");
        Assert.True(rescored.StatusCode == HttpStatusCode.Accepted, await rescored.Content.ReadAsStringAsync());
        Assert.Equal(scored, await EntriesAsync(hr, "RR01")); // queued: nothing re-scored until the job runs
        await _world.RunJobsAsync();

        var summary = (await hr.JobAsync("rescore-route-1")).GetProperty("result");
        Assert.Equal(("2026-10", 6, 3), (summary.GetProperty("month").GetString(), summary.GetProperty("agentDays").GetInt32(), summary.GetProperty("agents").GetInt32()));
        foreach (var agent in Agents)
        {
            var entries = await EntriesAsync(hr, agent);
            // 19 October keeps the version in force that day; 20 October is scored under 2026.10, the renamed rule replacing the old one.
            Assert.Equal(
                [("2026-10-19", "adherence", "2026.1"), ("2026-10-19", "attendance", "2026.1"), ("2026-10-19", "efficiency", "2026.1"), ("2026-10-19", "not-ready", "2026.1"),
                 ("2026-10-20", "adherence", "2026.10"), ("2026-10-20", "attendance", "2026.10"), ("2026-10-20", "efficiency", "2026.10"), ("2026-10-20", "not-ready-2", "2026.10")],
                entries.Select(e => (e.Day, e.Rule, e.Version)));
            Assert.Equal((0.3m, 0.4m), (entries.Single(e => e.Rule == "not-ready").Points, entries.Single(e => e.Rule == "not-ready-2").Points));
        }

        // The month's running total the agent sees moved by exactly that 0.1.
        var month = (await hr.GetFromJsonAsync<JsonElement>($"/api/agents/RR01/points?from=2026-10-01&to=2026-10-31")).GetProperty("months").EnumerateArray().Single();
        // Attendance and not-ready each day (adherence is work quality, as the seed places 遵时率).
        Assert.Equal(0.5m + 0.3m + 0.5m + 0.4m, month.GetProperty("dimensions").GetProperty("dailyBehaviour").GetProperty("earned").GetDecimal());
    }

    public void Dispose() => _world.Dispose();
}
