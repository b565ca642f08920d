using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Serverless.Application.Ports;
using Serverless.Application.UseCases;
using Serverless.Domain.Scoring;
using Serverless.Functions.Tests.Jobs;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Scoring;

/// <summary>
/// The one-day efficiency spread is stored with the day's norms (one row) and always equals the spread of the E the
/// scored days hold, by department and by specialty: after the day's files, after a late corrected calls file, and
/// after a re-score job under a new rules version whose E differs. The web page shows the stored figures.
/// </summary>
public sealed class DaySpreadTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private static readonly DateOnly Before = new(2026, 10, 19);
    private static readonly DateOnly From = new(2026, 10, 20);
    private static readonly string[] Agents = ["SP01", "SP02", "SP03", "SP04", "SP05", "SP06", "SP07"];

    private readonly HandlerHost _world = new(ScoringHost.Options(azurite.ConnectionString));

    private HttpClient Hr(string name = "hr-spread-test")
    {
        var principal = JsonSerializer.Serialize(new { auth_typ = "aad", claims = new[] { new { typ = "roles", val = "hr-admin" }, new { typ = "name", val = name } } });
        var client = _world.CreateClient();
        client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(Encoding.UTF8.GetBytes(principal)));
        return client;
    }

    /// <summary>The spread as the old page computed it: every scored agent-day of the day, its efficiency entry's measure.</summary>
    private async Task<DaySpread> FromScoredDaysAsync(DateOnly day)
    {
        var ids = await _world.Get<IMetricsStore>().GetAgentIdsAsync(day, CancellationToken.None);
        var days = await _world.Get<IAgentMonthStore>().GetDaysOnlyAsync(day, ids, CancellationToken.None);
        return DaySpread.Of(days.Values
            .Select(d => (d.Department, d.Specialty, E: d.Entries.FirstOrDefault(e => e.Rule == "efficiency" && e.Measure is not null)?.Measure))
            .Where(x => x.E is not null)
            .Select(x => (x.Department, x.Specialty, x.E!.Value)));
    }

    private Task<DaySpread?> StoredAsync(DateOnly day) => _world.Get<DayNorms>().GetSpreadAsync(day, CancellationToken.None);

    private async Task DropDayAsync(DateOnly day, string source, int shift = 0)
    {
        var calls = Agents.Select((a, i) => (a, 20 + i * 3 + (i % 2 == 0 ? shift : 0), 180 + i * 25)).ToArray();
        await _world.ScoreAllAsync(await _world.DropAsync(Exports.CallsBlob(day, source), Exports.Calls(day, calls)));
        if (shift == 0) await _world.ScoreAllAsync(await _world.DropAsync(Exports.TimeBlob(day, source), Exports.Time(day, [.. Agents.Select((a, i) => (a, 28800, 27000 - i * 300, 900, 0.95))])));
    }

    [Fact]
    public async Task The_stored_spread_is_the_scored_days_spread_after_the_files_a_late_correction_and_a_rescore_under_new_rules()
    {
        await _world.RosterAsync([.. Agents.Select((a, i) => (a, i < 4 ? "客服一部" : "客服二部", i % 2 == 0 ? "电费" : "故障"))]);
        foreach (var day in new[] { Before, From }) await DropDayAsync(day, "spread");

        var first = await StoredAsync(From);
        Assert.NotNull(first);
        Assert.Equal(["客服一部", "客服二部"], first.ByDepartment.Select(b => b.Group));
        Assert.Equal(["故障", "电费"], first.BySpecialty.Select(b => b.Group));
        Assert.Equal(Agents.Length, first.ByDepartment.Sum(b => b.Count));
        Assert.Equal(await FromScoredDaysAsync(From), first);

        // The page reads the stored row and shows its figures.
        var page = await Hr().GetStringAsync($"/app/efficiency?day={From:yyyy-MM-dd}&by=specialty");
        foreach (var box in first.BySpecialty)
        {
            Assert.Contains($"<tr><td>{box.Group}</td><td class=\"num\">{box.Count}</td><td class=\"num\">{box.Min.ToString("0.000", CultureInfo.InvariantCulture)}</td>", page, StringComparison.Ordinal);
            Assert.Contains($"<td class=\"num\">{box.Median.ToString("0.000", CultureInfo.InvariantCulture)}</td>", page, StringComparison.Ordinal);
        }

        // A late corrected calls file (same source, other numbers for some agents): the stored spread follows the re-scored day.
        await DropDayAsync(From, "spread", shift: 15);
        var corrected = await StoredAsync(From);
        Assert.NotEqual(first, corrected);
        Assert.Equal(await FromScoredDaysAsync(From), corrected);

        // A rules version from 20 October that weighs E differently (a = 0.8), approved and the month re-scored: the
        // re-scored day's spread is stored, 19 October (still under 2026.1) keeps its own.
        var before = await StoredAsync(Before);
        var rules = RulePresets.ReadJson(RulePresets.PositiveIncentive)
            .Replace("\"version\": \"2026.1\"", "\"version\": \"2026.10\"", StringComparison.Ordinal)
            .Replace("\"effectiveFrom\": \"2026-01-01\"", "\"effectiveFrom\": \"2026-10-20\"", StringComparison.Ordinal)
            .Replace("\"a\": 0.5,", "\"a\": 0.8,", StringComparison.Ordinal);
        Assert.Contains("\"a\": 0.8,", rules, StringComparison.Ordinal);
        var posted = await Hr().PostAsync("/api/rules", new StringContent(rules, Encoding.UTF8, "application/json"));
        Assert.True(posted.StatusCode == HttpStatusCode.Created, await posted.Content.ReadAsStringAsync());
        var approved = await Hr("hr-approver").PostAsJsonAsync("/api/rules/2026.10/approve", new { reason = "four eyes" });
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, (await Hr().RescoreAsync("2026-10", "E weighs handle time more", "spread-rescore-1")).StatusCode);
        await _world.RunJobsAsync();

        var rescored = await StoredAsync(From);
        Assert.NotEqual(corrected, rescored);
        Assert.Equal(await FromScoredDaysAsync(From), rescored);
        Assert.Equal(before, await StoredAsync(Before));
        Assert.Equal(await FromScoredDaysAsync(Before), await StoredAsync(Before));
    }

    public void Dispose() => _world.Dispose();
}
