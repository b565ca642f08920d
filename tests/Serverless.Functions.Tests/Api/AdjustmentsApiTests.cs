using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Api;

/// <summary>
/// Leader adjustments (临时加减分, the workload scheme's Q) over HTTP: allowed by the rules in force on their date,
/// always with a reason, idempotent by key, reversed with a reason, limited by team for leads, in the OpenAPI document.
/// </summary>
public sealed class AdjustmentsApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly HandlerHost host = new(ApiHost.Options(azurite.ConnectionString));

    public async Task InitializeAsync()
    {
        // Workload from January (adjustments in "other", deductions allowed); from 2026-11-05 a positive-incentive
        // version that counts adjustments in daily behaviour but allows no deduction.
        var rules = host.Services.GetRequiredService<IRulesStore>();
        await rules.AddAsync(RulePresets.Load(RulePresets.Workload), RulePresets.ReadJson(RulePresets.Workload), default);
        var positive = RulePresets.ReadJson(RulePresets.PositiveIncentive)
            .Replace("\"version\": \"2026.1\"", "\"version\": \"2026.11\"", StringComparison.Ordinal)
            .Replace("\"effectiveFrom\": \"2026-01-01\"", "\"effectiveFrom\": \"2026-11-05\", \"adjustments\": { \"dimension\": \"dailyBehaviour\", \"allowDeductions\": false }", StringComparison.Ordinal);
        await rules.AddAsync(RulesDocument.Parse(positive).Value!, positive, default);

        using var admin = host.Admin();
        var roster = new[]
        {
            new { agentId = "Q001", name = "李娜", department = "客服一部", specialty = "电费", team = "T1", status = "active" },
            new { agentId = "Q002", name = "王强", department = "客服一部", specialty = "电费", team = "T2", status = "active" },
        };
        (await admin.PutAsJsonAsync("/api/agents", roster)).EnsureSuccessStatusCode();
    }

    private static HttpRequestMessage Post(string? key, object adjustment)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/adjustments") { Content = JsonContent.Create(adjustment) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static object Deduction(string agent = "Q001", decimal points = -3m, string date = "2026-11-03") =>
        new { agentId = agent, date, points, reason = "客户投诉升级, 班长临时扣分" };

    private async Task<IReadOnlyList<Entry<PointsAdjustment>>> StoredAsync() =>
        await host.Services.GetRequiredService<IEntryStore<PointsAdjustment>>().GetMonthAsync(new YearMonth(2026, 11), default);

    [Fact]
    public async Task A_deduction_under_workload_is_recorded_with_its_reason_and_a_retry_replays_it()
    {
        using var admin = host.Admin();

        var first = await admin.SendAsync(Post("q-deduct-1", Deduction()));
        var retry = await admin.SendAsync(Post("q-deduct-1", Deduction()));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("/api/adjustments/q-deduct-1", first.Headers.Location?.OriginalString);
        var body = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((-3m, "other", "2026.1"), (body.GetProperty("points").GetDecimal(), body.GetProperty("dimension").GetString(), body.GetProperty("rulesVersion").GetString()));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        var inForce = await host.Services.GetRequiredService<IEntryStore<PointsAdjustment>>().GetInForceAsync(new YearMonth(2026, 11), default);
        Assert.Equal([new PointsAdjustment("q-deduct-1", "Q001", new DateOnly(2026, 11, 3), -3m, "客户投诉升级, 班长临时扣分")], inForce.Select(a => a.Value).Where(a => a.Id == "q-deduct-1"));
        var listed = await host.Reader().GetFromJsonAsync<JsonElement>("/api/adjustments?month=2026-11");
        Assert.Contains(listed.GetProperty("adjustments").EnumerateArray(), a => a.GetProperty("adjustmentId").GetString() == "q-deduct-1");
    }

    [Theory]
    [InlineData(null, "2026-11-03", -3, "x", "Idempotency-Key")]
    [InlineData("q-no-reason", "2026-11-03", -3, " ", "reason")]
    [InlineData("q-zero", "2026-11-03", 0, "x", "not 0")]
    [InlineData("q-cents", "2026-11-03", 1.005, "x", "2 decimals")]
    [InlineData("q-huge", "2026-11-03", 500, "x", "at most 100")]
    [InlineData("q-future", "2026-11-11", 2, "x", "future")]
    [InlineData("q-no-deduction", "2026-11-06", -2, "x", "allows no deductions")]
    [InlineData("q-before-rules", "2025-12-31", 2, "x", "No rules version")]
    public async Task An_adjustment_the_rules_or_the_format_refuse_is_a_problem_saying_why(string? key, string date, double points, string reason, string expected)
    {
        var response = await host.Admin().SendAsync(Post(key, new { agentId = "Q001", date, points = (decimal)points, reason }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await Problems.DetailAsync(response), StringComparison.Ordinal);
        Assert.DoesNotContain(await StoredAsync(), a => a.Id == key);
    }

    [Fact]
    public async Task An_addition_under_positive_incentive_counts_where_its_rules_say()
    {
        var response = await host.Admin().SendAsync(Post("q-add-positive", Deduction(points: 2m, date: "2026-11-06")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("dailyBehaviour", "2026.11"), (body.GetProperty("dimension").GetString(), body.GetProperty("rulesVersion").GetString()));
    }

    [Fact]
    public async Task The_same_key_for_another_adjustment_is_a_conflict_and_an_unknown_agent_is_not_found()
    {
        using var admin = host.Admin();
        (await admin.SendAsync(Post("q-reuse", Deduction()))).EnsureSuccessStatusCode();

        var reused = await admin.SendAsync(Post("q-reuse", Deduction(points: -4m)));
        var ghost = await admin.SendAsync(Post("q-ghost", Deduction(agent: "GHOST")));

        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Contains("new key", await Problems.DetailAsync(reused), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, ghost.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Reader().GetAsync("/api/adjustments/never-posted")).StatusCode);
        Assert.Equal(-3m, (await host.Reader().GetFromJsonAsync<JsonElement>("/api/adjustments/q-reuse")).GetProperty("points").GetDecimal());
    }

    [Fact]
    public async Task A_team_lead_adjusts_their_own_team_only_and_a_reader_cannot_adjust()
    {
        using var lead = host.As("team-lead", "T1");

        var own = await lead.SendAsync(Post("q-lead-own", Deduction()));
        var other = await lead.SendAsync(Post("q-lead-other", Deduction(agent: "Q002")));
        var reader = await host.Reader().SendAsync(Post("q-reader", Deduction()));

        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("own team", await Problems.DetailAsync(other), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        Assert.DoesNotContain(await StoredAsync(), a => a.Id is "q-lead-other" or "q-reader");
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As("team-lead", "T2").DeleteAsync("/api/adjustments/q-lead-own?reason=wrong")).StatusCode);
    }

    [Fact]
    public async Task Deleting_an_adjustment_adds_a_reversal_once_and_takes_it_out_of_force()
    {
        using var admin = host.Admin();
        (await admin.SendAsync(Post("q-reverse", Deduction()))).EnsureSuccessStatusCode();

        var noReason = await admin.DeleteAsync("/api/adjustments/q-reverse");
        var reversed = await admin.DeleteAsync("/api/adjustments/q-reverse?reason=" + Uri.EscapeDataString("投诉核实不成立"));
        var again = await admin.DeleteAsync("/api/adjustments/q-reverse?reason=again");

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reversed.StatusCode);
        Assert.Equal("投诉核实不成立", (await reversed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reversal").GetProperty("reason").GetString());
        Assert.Equal(await reversed.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Single(await StoredAsync(), a => a.ReversalOf == "q-reverse");
        var inForce = await host.Services.GetRequiredService<IEntryStore<PointsAdjustment>>().GetInForceAsync(new YearMonth(2026, 11), default);
        Assert.DoesNotContain(inForce, a => a.Id.StartsWith("q-reverse", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_adjustment_routes_are_in_the_OpenAPI_document()
    {
        var document = await host.CreateClient().GetFromJsonAsync<JsonElement>("/api/openapi.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/adjustments").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/adjustments").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/adjustments/{adjustmentId}").TryGetProperty("delete", out _));
    }

    public Task DisposeAsync()
    {
        host.Dispose();
        return Task.CompletedTask;
    }
}
