using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Api;

/// <summary>An agent's points over HTTP: entries that explain themselves, month totals after caps, cumulative, stars, growth.</summary>
public sealed class PointsApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly HandlerHost host = new(ApiHost.Options(azurite.ConnectionString));

    private static LedgerEntry Entry(LedgerPeriod period, string rule, Dimension dimension, decimal points, string inputs = "E=112.4 AHT=286 AHT_g=301") => new()
    {
        AgentId = "P001", Period = period, Rule = rule, Dimension = dimension, Points = points, Inputs = inputs, RulesVersion = "2026.1", Department = "客服一部",
    };

    public async Task InitializeAsync()
    {
        (await host.Admin().PutAsJsonAsync("/api/agents/P001", new { name = "赵敏", department = "客服一部", specialty = "电费", team = "T1", status = "active" })).EnsureSuccessStatusCode();
        // September: closed with 250 points. October: closed, work quality earned 90 but capped at 80.
        host.Ledger.Add(Entry(LedgerPeriod.OfMonth(new YearMonth(2026, 9)), "satisfaction", Dimension.WorkQuality, 250m), "imp-9");
        host.Ledger.Add(Entry(LedgerPeriod.Day(new DateOnly(2026, 10, 8)), "efficiency", Dimension.WorkQuality, 3m), "imp-a");
        host.Ledger.Add(Entry(LedgerPeriod.OfMonth(new YearMonth(2026, 10)), "satisfaction", Dimension.WorkQuality, 87m));
        host.Ledger.Add(Entry(LedgerPeriod.OfMonth(new YearMonth(2026, 10)), "cap:workQuality", Dimension.WorkQuality, 0m, "earned=90 cap=80 notCounted=10"));
        host.Ledger.Add(Entry(LedgerPeriod.OfMonth(new YearMonth(2026, 10)), "full-attendance", Dimension.DailyBehaviour, 5m, "attended=21/21 min=0.9"));
        // November is open: one day in the ledger, one only in the running month.
        host.Ledger.Add(Entry(LedgerPeriod.Day(new DateOnly(2026, 11, 2)), "attendance", Dimension.DailyBehaviour, 0.5m));
        var open = Entry(LedgerPeriod.Day(new DateOnly(2026, 11, 3)), "efficiency", Dimension.WorkQuality, 2.5m);
        var metrics = new AgentDayMetrics { AgentId = "P001", Date = new DateOnly(2026, 11, 3) };
        host.AgentMonths.Put(new AgentMonthRecord("P001", new YearMonth(2026, 11), [new ScoredDay(metrics, "客服一部", "电费", [open], ["imp-b"])]));
    }

    [Fact]
    public async Task Points_explain_each_entry_total_each_month_after_caps_and_grow_cumulatively()
    {
        var points = await host.Reader().GetFromJsonAsync<JsonElement>("/api/agents/P001/points?from=2026-10-01&to=2026-11-10");

        var entries = points.GetProperty("entries").EnumerateArray().ToList();
        Assert.Contains(entries, e => e.GetProperty("rule").GetString() == "efficiency" && e.GetProperty("inputs").GetString()!.Contains("AHT_g=301", StringComparison.Ordinal)
            && e.GetProperty("importIds")[0].GetString() == "imp-a");
        Assert.Contains(entries, e => e.GetProperty("period").GetString() == "2026-11-03" && e.GetProperty("importIds")[0].GetString() == "imp-b");
        Assert.DoesNotContain(entries, e => e.GetProperty("period").GetString() == "2026-09");
        var months = points.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal(["2026-10", "2026-11"], months.Select(m => m.GetProperty("month").GetString()));
        Assert.Equal(85m, months[0].GetProperty("points").GetDecimal());
        Assert.Equal(80m, months[0].GetProperty("dimensions").GetProperty("workQuality").GetProperty("counted").GetDecimal());
        Assert.Equal(90m, months[0].GetProperty("dimensions").GetProperty("workQuality").GetProperty("earned").GetDecimal());
        Assert.True(months[0].GetProperty("closed").GetBoolean());
        Assert.False(months[1].GetProperty("closed").GetBoolean());
        Assert.Equal(338m, points.GetProperty("cumulative").GetDecimal());
        Assert.Equal(1, points.GetProperty("stars").GetInt32());
        Assert.Equal([335m, 338m], points.GetProperty("growth").EnumerateArray().Select(g => g.GetProperty("cumulative").GetDecimal()));
    }

    [Theory]
    [InlineData("from=2026-11-10&to=2026-11-01", "before from")]
    [InlineData("from=2025-01-01&to=2026-11-01", "at most 366")]
    [InlineData("from=yesterday", "yyyy-MM-dd")]
    public async Task A_bad_or_unbounded_range_is_a_validation_problem(string query, string expected)
    {
        var response = await host.Reader().GetAsync("/api/agents/P001/points?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await Problems.DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_agent_is_not_found_and_a_team_lead_may_not_read_points()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await host.Reader().GetAsync("/api/agents/NOBODY/points")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As("team-lead", "T1").GetAsync("/api/agents/P001/points")).StatusCode);
    }

    public Task DisposeAsync()
    {
        host.Dispose();
        return Task.CompletedTask;
    }
}
