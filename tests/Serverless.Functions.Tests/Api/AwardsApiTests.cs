using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Functions.Tests.Api;

/// <summary>Awards over HTTP: valued from the rules, idempotent by key, reversed with a reason, limited by team for leads.</summary>
public sealed class AwardsApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly HandlerHost host = new(ApiHost.Options(azurite.ConnectionString));

    public async Task InitializeAsync()
    {
        using var admin = host.Admin();
        var roster = new[]
        {
            new { agentId = "W001", name = "李娜", department = "客服一部", specialty = "电费", team = "T1", status = "active" },
            new { agentId = "W002", name = "王强", department = "客服一部", specialty = "电费", team = "T2", status = "active" },
        };
        (await admin.PutAsJsonAsync("/api/agents", roster)).EnsureSuccessStatusCode();
    }

    private static HttpRequestMessage Post(string? key, object award)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/awards") { Content = JsonContent.Create(award) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static object Honour(string agent = "W001", string level = "center") => new { agentId = agent, date = "2026-11-03", item = "honour", level, note = "季度服务之星" };

    private async Task<IReadOnlyList<Entry<AwardRecord>>> StoredAsync() =>
        await host.Services.GetRequiredService<IEntryStore<AwardRecord>>().GetMonthAsync(new YearMonth(2026, 11), default);

    [Fact]
    public async Task An_award_is_valued_by_the_rules_and_a_retry_replays_it_without_a_second_award()
    {
        using var admin = host.Admin();

        var first = await admin.SendAsync(Post("k-honour-1", Honour()));
        var retry = await admin.SendAsync(Post("k-honour-1", Honour()));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("/api/awards/k-honour-1", first.Headers.Location?.OriginalString);
        var body = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(10m, body.GetProperty("points").GetDecimal());
        Assert.Equal("2026.1", body.GetProperty("rulesVersion").GetString());
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Single(await StoredAsync(), a => a.Id == "k-honour-1");
    }

    [Fact]
    public async Task The_same_key_for_a_different_award_is_a_conflict_and_nothing_is_added()
    {
        using var admin = host.Admin();
        (await admin.SendAsync(Post("k-reuse", Honour()))).EnsureSuccessStatusCode();

        var reused = await admin.SendAsync(Post("k-reuse", Honour(level: "national")));

        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Contains("new key", await Problems.DetailAsync(reused), StringComparison.Ordinal);
        Assert.Equal("center", (await host.Reader().GetFromJsonAsync<JsonElement>("/api/awards/k-reuse")).GetProperty("level").GetString());
    }

    [Theory]
    [InlineData(null, "honour", "center", "2026-11-03", "Idempotency-Key")]
    [InlineData("k-bad-item", "medal", "center", "2026-11-03", "item")]
    [InlineData("k-bad-level", "honour", "galaxy", "2026-11-03", "level")]
    [InlineData("k-future", "honour", "center", "2026-11-11", "future")]
    [InlineData("k-before-rules", "honour", "center", "2025-12-31", "No rules version")]
    [InlineData("k/slash", "honour", "center", "2026-11-03", "Idempotency-Key")]
    public async Task An_award_the_rules_cannot_value_is_refused_with_the_reason(string? key, string item, string level, string date, string expected)
    {
        var response = await host.Admin().SendAsync(Post(key, new { agentId = "W001", date, item, level }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await Problems.DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_award_for_an_agent_not_on_the_roster_or_an_unknown_award_is_not_found()
    {
        var unknownAgent = await host.Admin().SendAsync(Post("k-ghost", Honour(agent: "GHOST")));
        var unknownAward = await host.Reader().GetAsync("/api/awards/never-posted");

        Assert.Equal(HttpStatusCode.NotFound, unknownAgent.StatusCode);
        Assert.Contains("not on the roster", await Problems.DetailAsync(unknownAgent), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownAward.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Admin().DeleteAsync("/api/awards/never-posted?reason=x")).StatusCode);
    }

    [Fact]
    public async Task A_team_lead_awards_their_own_team_only_and_a_reader_cannot_award()
    {
        using var lead = host.As("team-lead", "T1");

        var own = await lead.SendAsync(Post("k-lead-own", Honour(level: "team")));
        var other = await lead.SendAsync(Post("k-lead-other", Honour(agent: "W002", level: "team")));
        var reader = await host.Reader().SendAsync(Post("k-reader", Honour()));

        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("own team", await Problems.DetailAsync(other), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        Assert.DoesNotContain(await StoredAsync(), a => a.Id is "k-lead-other" or "k-reader");
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As("team-lead", "T2").DeleteAsync("/api/awards/k-lead-own?reason=wrong")).StatusCode);
    }

    [Fact]
    public async Task Deleting_an_award_adds_a_reversal_with_the_reason_once_and_keeps_the_award_visible()
    {
        using var admin = host.Admin();
        (await admin.SendAsync(Post("k-reverse", Honour(level: "company")))).EnsureSuccessStatusCode();

        var noReason = await admin.DeleteAsync("/api/awards/k-reverse");
        var reversed = await admin.DeleteAsync("/api/awards/k-reverse?reason=" + Uri.EscapeDataString("entered twice"));
        var again = await admin.DeleteAsync("/api/awards/k-reverse?reason=again");

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reversed.StatusCode);
        var body = await reversed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("entered twice", body.GetProperty("reversal").GetProperty("reason").GetString());
        Assert.Equal(await reversed.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        var stored = await StoredAsync();
        Assert.Single(stored, a => a.ReversalOf == "k-reverse");
        Assert.Contains(stored, a => a.Id == "k-reverse");
        var inForce = await host.Services.GetRequiredService<IEntryStore<AwardRecord>>().GetInForceAsync(new YearMonth(2026, 11), default);
        Assert.DoesNotContain(inForce, a => a.Id == "k-reverse");
    }

    public Task DisposeAsync()
    {
        host.Dispose();
        return Task.CompletedTask;
    }
}
