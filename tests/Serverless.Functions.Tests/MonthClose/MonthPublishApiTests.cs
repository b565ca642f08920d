using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Functions.Tests.Api;
using Serverless.Testing;

namespace Serverless.Functions.Tests.MonthClose;

/// <summary>
/// HR's <c>POST /api/months/{m}/publish</c> on the real month close and real stores: a month never published gets v1, an
/// unchanged month answers the version in force, and a busy close, missing rules or an empty month are problems that say
/// what to do, never a 500. Each test publishes its own month (its own clock) on one Azurite.
/// </summary>
public sealed class MonthPublishApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static FakeTimeProvider ClockAfter(YearMonth month) =>
        new(new DateTimeOffset(month.LastDay.AddDays(3).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)));

    /// <summary>A handler for a few days after <paramref name="month"/>, with two agents scored in it unless told otherwise.</summary>
    private async Task<HandlerHost> HandlerAfterAsync(YearMonth month, string prefix, bool scored = true)
    {
        var handler = new HandlerHost(MonthCloseHost.Options(azurite.ConnectionString, ClockAfter(month)));
        if (scored)
        {
            await handler.Get<IRosterStore>().UpsertAsync([MonthData.Person($"{prefix}1", $"坐席{prefix}1"), MonthData.Person($"{prefix}2", $"坐席{prefix}2")], default);
            await MonthData.PutTwoDaysAsync(handler.AgentMonths, $"{prefix}1", month, 3m);
            await MonthData.PutTwoDaysAsync(handler.AgentMonths, $"{prefix}2", month, 2m);
        }
        return handler;
    }

    [Fact]
    public async Task A_month_never_published_is_published_as_v1_with_the_reason_and_asking_again_answers_v1_unchanged()
    {
        var month = new YearMonth(2027, 6);
        await using var handler = await HandlerAfterAsync(month, "P");
        using var admin = handler.Admin();

        var first = await admin.PostAsJsonAsync($"/api/months/{month}/publish", new { reason = "exports came after the timer" });
        var again = await admin.PostAsJsonAsync($"/api/months/{month}/publish", new { reason = "exports came after the timer" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var body = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, "exports came after the timer"), (body.GetProperty("version").GetInt32(), body.GetProperty("reason").GetString()));
        Assert.Equal($"/api/months/{month}/files/manifest.json?version=1", first.Headers.Location?.OriginalString);
        var manifest = await admin.GetFromJsonAsync<JsonElement>(first.Headers.Location!.OriginalString);
        Assert.Equal((1, "exports came after the timer"), (manifest.GetProperty("version").GetInt32(), manifest.GetProperty("reason").GetString()));
        var ranking = await admin.GetFromJsonAsync<JsonElement>($"/api/months/{month}/ranking");
        Assert.Equal(["P1", "P2"], ranking.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("agentId").GetString()));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Single(await handler.Get<IPublicationStore>().ListAsync(month, default));
        // A timer that fires afterwards finds it published.
        await using var timer = new HandlerHost(MonthCloseHost.Options(azurite.ConnectionString, new FakeTimeProvider(new DateTimeOffset(month.LastDay.AddDays(1).ToDateTime(new TimeOnly(2, 0)), TimeSpan.FromHours(8)))));
        Assert.Equal($"{month} already published v1; nothing written.", await timer.RunTimerAsync());
    }

    [Fact]
    public async Task While_another_publication_of_the_month_is_being_written_the_answer_is_409_with_Retry_After_and_nothing_is_written()
    {
        var month = new YearMonth(2027, 7);
        await using var handler = await HandlerAfterAsync(month, "B");
        var clock = ClockAfter(month);
        var store = handler.Get<IPublicationStore>();
        Assert.NotNull(await store.TryClaimAsync(new PublicationClaim(month, 1, "timer", clock.GetUtcNow(), clock.GetUtcNow(), null), default));
        using var admin = handler.Admin();

        var response = await admin.PostAsJsonAsync($"/api/months/{month}/publish", new { reason = "late" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        var problem = await Problems.ReadAsync(response);
        Assert.Contains("being published", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await handler.SnapshotAsync("rankings", $"{month}/"));
    }

    [Fact]
    public async Task A_month_no_rules_version_covers_is_a_422_that_says_to_add_rules()
    {
        // The presets take effect on 2026-01-01 and nothing else was posted: December 2025 has no rules in force.
        var month = new YearMonth(2025, 12);
        await using var handler = await HandlerAfterAsync(month, "N");
        using var admin = handler.Admin();

        var response = await admin.PostAsJsonAsync($"/api/months/{month}/publish", new { reason = "old month" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await Problems.ReadAsync(response);
        Assert.Equal("No rules in force", problem.GetProperty("title").GetString());
        Assert.Contains("no rules version is in force on 2025-12-31", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await handler.SnapshotAsync("rankings", $"{month}/"));
    }

    [Fact]
    public async Task A_month_with_no_scored_day_is_a_422_that_says_its_exports_are_missing()
    {
        var month = new YearMonth(2027, 8);
        await using var handler = await HandlerAfterAsync(month, "E", scored: false);
        using var admin = handler.Admin();

        var response = await admin.PostAsJsonAsync($"/api/months/{month}/publish", new { reason = "close it" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await Problems.ReadAsync(response);
        Assert.Equal("Nothing to publish", problem.GetProperty("title").GetString());
        Assert.Contains("no agent has a scored day", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await handler.Get<IPublicationStore>().ListAsync(month, default));
    }

    [Fact]
    public async Task A_month_the_timer_found_empty_is_closed_by_HR_through_the_route_the_timer_log_names()
    {
        var month = new YearMonth(2027, 10);
        await using var handler = await HandlerAfterAsync(month, "L", scored: false);
        // The timer at 02:00 on the 1st: nothing scored yet.
        await using (var timer = new HandlerHost(MonthCloseHost.Options(azurite.ConnectionString, new FakeTimeProvider(new DateTimeOffset(month.LastDay.AddDays(1).ToDateTime(new TimeOnly(2, 0)), TimeSpan.FromHours(8))))))
        {
            var line = await timer.RunTimerAsync();
            var route = System.Text.RegularExpressions.Regex.Match(line, @"POST (/api/months/\S+/publish)").Groups[1].Value;
            Assert.Equal($"/api/months/{month}/publish", route);

            // The exports come in later that morning; HR calls the route the log named.
            await handler.Get<IRosterStore>().UpsertAsync([MonthData.Person("L1", "坐席L1")], default);
            await MonthData.PutTwoDaysAsync(handler.AgentMonths, "L1", month, 3m);
            using var admin = handler.Admin();
            var published = await admin.PostAsJsonAsync(route, new { reason = "exports arrived after the timer" });

            Assert.Equal(HttpStatusCode.Created, published.StatusCode);
            Assert.Equal(1, (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
            Assert.Equal([(1, PublicationState.Complete)], (await handler.Get<IPublicationStore>().ListAsync(month, default)).Select(v => (v.Version, v.State)));
        }
    }

    [Fact]
    public async Task Two_concurrent_HR_closes_of_a_month_never_published_write_one_v1_and_the_other_is_told_so_without_a_500()
    {
        var month = new YearMonth(2027, 12);
        await using var handler = await HandlerAfterAsync(month, "K");
        using var first = handler.Admin();
        using var second = handler.Admin();

        var answers = await Task.WhenAll(
            first.PostAsJsonAsync($"/api/months/{month}/publish", new { reason = "HR close" }),
            second.PostAsJsonAsync($"/api/months/{month}/publish", new { reason = "HR close" }));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        var other = Assert.Single(answers, a => a.StatusCode != HttpStatusCode.Created);
        // The loser either found the claim taken (409, try again after Retry-After) or, if the winner had already
        // finished, v1 in force (200). Either way one version, and never a 500.
        if (other.StatusCode == HttpStatusCode.Conflict)
        {
            Assert.Equal(TimeSpan.FromSeconds(30), other.Headers.RetryAfter?.Delta);
            Assert.Equal("Busy, try again later", (await Problems.ReadAsync(other)).GetProperty("title").GetString());
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            Assert.Equal(1, (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        }
        Assert.Equal([(1, PublicationState.Complete)], (await handler.Get<IPublicationStore>().ListAsync(month, default)).Select(v => (v.Version, v.State)));
        Assert.All((await handler.SnapshotAsync("rankings", $"{month}/")).Keys, name => Assert.StartsWith($"{month}/v1/", name, StringComparison.Ordinal));
    }
}
