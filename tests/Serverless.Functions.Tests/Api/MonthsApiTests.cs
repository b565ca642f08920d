using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;
using Serverless.Testing;

using Serverless.Functions.Tests.Jobs;

namespace Serverless.Functions.Tests.Api;

/// <summary>Published months over HTTP: ranking pages, bonus, file downloads with ETags, re-publish and re-score.</summary>
public sealed class MonthsApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly HandlerHost host = new(ApiHost.Options(azurite.ConnectionString));
    private IReadOnlyList<PublishedFile> v2 = [];

    public async Task InitializeAsync()
    {
        var october = new YearMonth(2026, 10);
        var standings = Enumerable.Range(1, 40).Select(i => PublishedMonthSeed.Standing($"M{i:D3}", 100 - i, i % 2 == 0 ? "客服二部" : "客服一部")).ToList();
        var v1 = await PublishedMonthSeed.PublishAsync(azurite.ConnectionString, october, 1, standings);
        var previous = RankingJson.Read(new MemoryStream(v1.Single(f => f.Name == "ranking.json").Content));
        standings[39] = PublishedMonthSeed.Standing("M040", 200, "客服二部");
        v2 = await PublishedMonthSeed.PublishAsync(azurite.ConnectionString, october, 2, standings, previous);
    }

    [Fact]
    public async Task The_ranking_is_the_latest_version_paged_and_filtered_by_department()
    {
        var page = await host.Reader().GetFromJsonAsync<JsonElement>("/api/months/2026-10/ranking?department=" + Uri.EscapeDataString("客服二部") + "&page=2&pageSize=5");

        Assert.Equal(2, page.GetProperty("version").GetInt32());
        Assert.Equal(20, page.GetProperty("total").GetInt32());
        var rows = page.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(5, rows.Count);
        Assert.All(rows, r => Assert.Equal("客服二部", r.GetProperty("department").GetString()));
        var first = await host.Reader().GetFromJsonAsync<JsonElement>("/api/months/2026-10/ranking?pageSize=1");
        Assert.Equal("M040", first.GetProperty("rows")[0].GetProperty("agentId").GetString());
        var v1 = await host.Reader().GetFromJsonAsync<JsonElement>("/api/months/2026-10/ranking?pageSize=1&version=1");
        Assert.Equal("M001", v1.GetProperty("rows")[0].GetProperty("agentId").GetString());
    }

    [Fact]
    public async Task The_bonus_lists_only_paid_agents_with_the_summary_payroll_was_sent()
    {
        var bonus = await host.Reader().GetFromJsonAsync<JsonElement>("/api/months/2026-10/bonus");

        var paid = bonus.GetProperty("paid").EnumerateArray().ToList();
        Assert.Equal(6, paid.Count);
        Assert.All(paid, r => Assert.NotEqual(JsonValueKind.Null, r.GetProperty("tier").ValueKind));
        Assert.Equal(paid.Sum(r => r.GetProperty("amount").GetDecimal()), bonus.GetProperty("summary").GetProperty("totalAmount").GetDecimal());
    }

    [Fact]
    public async Task Files_download_byte_for_byte_with_an_ETag_and_an_unchanged_file_answers_304()
    {
        using var reader = host.Reader();

        var payroll = await reader.GetAsync("/api/months/2026-10/files/payroll.csv");
        var xlsx = await reader.GetAsync("/api/months/2026-10/files/ranking.xlsx");
        var manifest = await reader.GetFromJsonAsync<JsonElement>("/api/months/2026-10/files/manifest.json");
        var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/months/2026-10/files/payroll.csv");
        conditional.Headers.IfNoneMatch.Add(payroll.Headers.ETag!);
        var notModified = await reader.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.OK, payroll.StatusCode);
        Assert.Equal(v2.Single(f => f.Name == "payroll.csv").Content, await payroll.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("TRAILER,", Encoding.UTF8.GetString(await payroll.Content.ReadAsByteArrayAsync()).TrimEnd().Split("\r\n")[^1], StringComparison.Ordinal);
        Assert.NotNull(payroll.Headers.ETag);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, manifest.GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/api/months/2026-10/files/diff.csv?version=1")).StatusCode);
    }

    [Theory]
    [InlineData("/api/months/2026-13/ranking", HttpStatusCode.BadRequest)]
    [InlineData("/api/months/2026-10/ranking?pageSize=501", HttpStatusCode.BadRequest)]
    [InlineData("/api/months/2026-10/ranking?page=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/months/2026-10/files/secrets.txt", HttpStatusCode.BadRequest)]
    [InlineData("/api/months/2026-10/bonus?version=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/months/2026-09/ranking", HttpStatusCode.NotFound)]
    [InlineData("/api/months/2026-09/bonus", HttpStatusCode.NotFound)]
    [InlineData("/api/months/2026-09/files/payroll.csv", HttpStatusCode.NotFound)]
    [InlineData("/api/months/2026-10/ranking?version=9", HttpStatusCode.NotFound)]
    public async Task Bad_months_files_and_paging_are_problems(string url, HttpStatusCode expected)
    {
        var response = await host.Reader().GetAsync(url);

        Assert.Equal(expected, response.StatusCode);
        await Problems.ReadAsync(response);
    }

    [Fact]
    public async Task Republishing_needs_a_reason_a_closed_month_and_an_admin()
    {
        using var admin = host.Admin();
        host.Publishing().Answers[new YearMonth(2026, 8)] = Serverless.Application.Ports.MonthPublishingStatus.NoData;

        var ok = await admin.PostAsJsonAsync("/api/months/2026-10/publish", new { reason = "late quality correction" });
        var noReason = await admin.PostAsJsonAsync("/api/months/2026-10/publish", new { reason = " " });
        var open = await admin.PostAsJsonAsync("/api/months/2026-11/publish", new { reason = "early" });
        var empty = await admin.PostAsJsonAsync("/api/months/2026-08/publish", new { reason = "why not" });
        var reader = await host.Reader().PostAsJsonAsync("/api/months/2026-10/publish", new { reason = "x" });

        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var body = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.Equal("/api/months/2026-10/files/manifest.json?version=2", ok.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, open.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        await Problems.ReadAsync(empty);
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        Assert.Equal([(new YearMonth(2026, 10), "late quality correction")], host.Publishing().Calls);
    }

    [Fact]
    public async Task Rescoring_a_month_needs_a_reason_a_started_month_an_idempotency_key_and_an_admin_and_answers_a_job()
    {
        using var admin = host.Admin();

        var ok = await admin.RescoreAsync("2026-11", "roster fix", "k-months-rescore");
        var future = await admin.RescoreAsync("2026-12", "x", "k-months-future");
        var noReason = await admin.RescoreAsync("2026-11", null!, "k-months-noreason");
        var noKey = await admin.RescoreAsync("2026-11", "roster fix", null);
        var lead = await host.As("team-lead", "T1").RescoreAsync("2026-11", "x", "k-months-lead");

        // The guards and the answer only: how the job runs is RescoreJobRunTests, through the real use case and queue.
        Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        Assert.Equal("/api/jobs/k-months-rescore", ok.Headers.Location?.OriginalString);
        var job = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("k-months-rescore", "queued", "2026-11"), (job.GetProperty("id").GetString(), job.GetProperty("status").GetString(), job.GetProperty("month").GetString()));
        Assert.Equal("queued", (await host.Reader().JobAsync("k-months-rescore")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Idempotency-Key", await Problems.DetailAsync(noKey), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, lead.StatusCode);
        Assert.Equal([(new YearMonth(2026, 11), "roster fix")], host.Rescoring().Calls);
    }

    [Fact]
    public async Task A_team_lead_cannot_read_rankings_or_files()
    {
        using var lead = host.As("team-lead", "T1");

        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync("/api/months/2026-10/ranking")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync("/api/months/2026-10/bonus")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync("/api/months/2026-10/files/payroll.csv")).StatusCode);
    }

    public Task DisposeAsync()
    {
        host.Dispose();
        return Task.CompletedTask;
    }
}
