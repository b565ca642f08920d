using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;
using Serverless.Application.Ports;
using Serverless.CustomHandler;
using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;
using Serverless.Functions.Tests.MonthClose;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Web;

/// <summary>
/// The running month's provisional leaderboard as the <c>RefreshProvisional</c> timer stores it (container
/// <c>provisional</c>, <c>{yyyy-MM}.json</c>): the timer's invocation writes what <c>PreviewAsync</c> ranks, the page shows
/// those figures and the time they were computed (暂定 · 截至 HH:mm, Shanghai time), a refresh with nothing changed writes
/// nothing, a newly scored day is there at the next refresh, and a first view with nothing stored computes and stores it.
/// </summary>
public sealed partial class ProvisionalLeaderboardTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly string Hr = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"auth_typ":"development","claims":[{"typ":"roles","val":"hr-reader"},{"typ":"name","val":"hr"}]}"""));

    /// <summary>10:00 in Shanghai on the 10th of <paramref name="month"/>.</summary>
    private static FakeTimeProvider ClockIn(YearMonth month) =>
        new(new DateTimeOffset(month.FirstDay.AddDays(9).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)));

    private async Task<HandlerHost> RunningMonthAsync(YearMonth month, string prefix)
    {
        var host = new HandlerHost(MonthCloseHost.Options(azurite.ConnectionString, ClockIn(month)).Set("WebApp:DevelopmentSignIn", "true"));
        await host.Get<IRosterStore>().UpsertAsync([MonthData.Person($"{prefix}1", $"坐席{prefix}1"), MonthData.Person($"{prefix}2", $"坐席{prefix}2")], default);
        await MonthData.PutTwoDaysAsync(host.AgentMonths, $"{prefix}1", month, 3m);
        await MonthData.PutTwoDaysAsync(host.AgentMonths, $"{prefix}2", month, 2m);
        return host;
    }

    private static async Task<string> RefreshAsync(HandlerHost host)
    {
        var now = host.Clock.GetUtcNow();
        var timer = new TimerInfo
        {
            Schedule = new TimerSchedule(AdjustForDst: true),
            ScheduleStatus = new TimerScheduleStatus(now.AddMinutes(-5), now.AddMinutes(5), now.AddMinutes(-5)),
            IsPastDue = false,
        };
        var answer = await host.InvokeAsync("RefreshProvisional", HostPayloads.TimerInvocation("RefreshProvisional", "timer", timer, now));
        return string.Join("\n", answer.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()));
    }

    private static BlobClient Stored(HandlerHost host, YearMonth month) =>
        host.Storage.Blobs.GetBlobContainerClient("provisional").GetBlobClient($"{month}.json");

    private static async Task<(RankingDocument Document, string ETag)> ReadStoredAsync(HandlerHost host, YearMonth month)
    {
        var content = await Stored(host, month).DownloadContentAsync();
        using var stream = content.Value.Content.ToStream();
        return (RankingJson.Read(stream), content.Value.Details.ETag.ToString());
    }

    private static async Task<string> LeaderboardAsync(HandlerHost host, YearMonth month)
    {
        using var browser = host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/app/leaderboard?month={month}");
        request.Headers.Add("Cookie", $"points-dev-principal={Hr}");
        var response = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The table's rows as the page shows them: agent id and month points, in rank order.</summary>
    private static List<(string Agent, string Points)> Rows(string html) =>
        [.. RowPattern().Matches(html).Select(m => (m.Groups[1].Value, m.Groups[2].Value))];

    [Fact]
    public async Task The_timer_stores_the_preview_the_page_shows_it_as_of_its_time_and_rewrites_only_when_a_day_changes_it()
    {
        var month = new YearMonth(2027, 3);
        await using var host = await RunningMonthAsync(month, "R");

        Assert.Contains("2027-03: written", await RefreshAsync(host), StringComparison.Ordinal);
        var (stored, etag) = await ReadStoredAsync(host, month);
        var preview = await host.Publisher().PreviewAsync(month, default);
        Assert.NotNull(preview);
        Assert.Equal(
            preview!.Ranking.Rows.Select(r => (r.AgentId, r.MonthPoints)),
            stored.Rows.Select(r => (r.AgentId, r.MonthPoints)));
        Assert.Equal(0, stored.Version);
        Assert.Equal(["R1", "R2"], stored.Rows.Select(r => r.AgentId));

        var html = await LeaderboardAsync(host, month);
        Assert.Contains("id=\"provisional\"", html, StringComparison.Ordinal);
        Assert.Contains("暂定 · 截至 10:00", html, StringComparison.Ordinal);
        Assert.Equal(stored.Rows.Select(r => (r.AgentId, r.MonthPoints.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture))), Rows(html));

        // Five minutes on, nothing scored since: computed again, the same standings, nothing written.
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Contains("2027-03: unchanged", await RefreshAsync(host), StringComparison.Ordinal);
        Assert.Equal(etag, (await ReadStoredAsync(host, month)).ETag);
        Assert.Contains("截至 10:00", await LeaderboardAsync(host, month), StringComparison.Ordinal);

        // Another day scored for R2 lifts them above R1: the next refresh stores it, and the page shows it as of then.
        await host.AgentMonths.PutDayAsync("R2", MonthData.Day("R2", month.FirstDay.AddDays(6), 9m), default);
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Contains("2027-03: written", await RefreshAsync(host), StringComparison.Ordinal);
        var (after, etagAfter) = await ReadStoredAsync(host, month);
        Assert.NotEqual(etag, etagAfter);
        Assert.Equal(["R2", "R1"], after.Rows.Select(r => r.AgentId));
        var again = await LeaderboardAsync(host, month);
        Assert.Contains("暂定 · 截至 10:10", again, StringComparison.Ordinal);
        Assert.Equal("R2", Rows(again)[0].Agent);
        Assert.Equal(after.Rows[0].MonthPoints.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), Rows(again)[0].Points);
    }

    [Fact]
    public async Task A_first_view_with_nothing_stored_computes_the_ranking_and_stores_it_for_the_next()
    {
        var month = new YearMonth(2027, 5);
        await using var host = await RunningMonthAsync(month, "S");
        Assert.False((await Stored(host, month).ExistsAsync()).Value);

        var html = await LeaderboardAsync(host, month);

        Assert.Contains("暂定 · 截至 10:00", html, StringComparison.Ordinal);
        Assert.Equal(["S1", "S2"], Rows(html).Select(r => r.Agent));
        var (stored, _) = await ReadStoredAsync(host, month);
        Assert.Equal(["S1", "S2"], stored.Rows.Select(r => r.AgentId));
        // The timer then finds the same standings: nothing to write.
        Assert.Contains("2027-05: unchanged", await RefreshAsync(host), StringComparison.Ordinal);
    }

    [GeneratedRegex("data-agent=\"([^\"]+)\">.*?<td class=\"num points\">([^<]*)</td>")]
    private static partial Regex RowPattern();
}
