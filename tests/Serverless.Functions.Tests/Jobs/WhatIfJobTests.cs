using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Serverless.Functions.Tests.Api;
using Serverless.Functions.Tests.Ingestion;
using Serverless.Functions.Tests.Scoring;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Jobs;

/// <summary>
/// A rules draft previewed on a month (<c>POST /api/rules/{version}/whatif</c>) through HTTP on Azurite with the real
/// stores, the rescore-jobs queue played as the Functions host plays it: the what-if writes nothing but its job row and its
/// report, and the diff it reports is the one publishing under the draft then shows, agent by agent. The draft is posted on
/// 30 September 2026 (Shanghai) to take effect on 1 October; 19 and 20 October are imported and scored under 2026.1 while
/// it waits for approval; on 2 November October is published, previewed under the draft, and then published again under it.
/// </summary>
public sealed class WhatIfJobTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private static readonly DateOnly[] Days = [new(2026, 10, 19), new(2026, 10, 20)];
    private static readonly string[] Agents = [.. Enumerable.Range(1, 20).Select(i => $"WI{i:00}")];

    private readonly HandlerHost _host = new(new HandlerHostOptions(azurite.ConnectionString)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 30, 9, 0, 0, TimeSpan.FromHours(8))),
        TrustRoleHeaders = true,
    });

    /// <summary>Version <paramref name="version"/> from 1 October (or <paramref name="from"/>): not-ready pays 4 instead of 0.3 and tier A 1,200 instead of 1,000.</summary>
    private static string Draft(string version, string from = "2026-10-01") => RulesHost.RulesJson(version, from,
        ("\"maxShareOfSignedIn\": 0.10, \"points\": 0.3", "\"maxShareOfSignedIn\": 0.10, \"points\": 4"),
        ("{ \"name\": \"A\", \"share\": 0.05, \"amount\": 1000 }", "{ \"name\": \"A\", \"share\": 0.05, \"amount\": 1200 }"));

    private async Task ImportDaysAsync()
    {
        await _host.RosterAsync([.. Agents.Select(a => (a, "D1", "S1"))]);
        foreach (var day in Days)
        {
            // Agents differ in calls and talk time (E), signed-in time (attendance), not-ready time and adherence.
            await _host.ScoreAllAsync(await _host.DropAsync(Exports.CallsBlob(day, "whatif"),
                Exports.Calls(day, [.. Agents.Select((a, i) => (a, 10 + i % 7, 180 + 15 * (i % 5)))])));
            await _host.ScoreAllAsync(await _host.DropAsync(Exports.TimeBlob(day, "whatif"),
                Exports.Time(day, [.. Agents.Select((a, i) => (a, 28800, 28800 - i % 3 * 1500, i % 2 == 0 ? 4000 : 1000, i % 4 == 0 ? 0.9 : 0.97))])));
        }
    }

    private static async Task<JsonElement> PublishAsync(HttpClient hr, string reason)
    {
        var published = await hr.PostAsJsonAsync("/api/months/2026-10/publish", new { reason, acceptGaps = true });
        Assert.True(published.StatusCode == HttpStatusCode.Created, await published.Content.ReadAsStringAsync());
        return await published.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<HttpResponseMessage> WhatIfAsync(HttpClient client, string version, string month, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rules/{version}/whatif") { Content = JsonContent.Create(new { month }) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static decimal Mean(IEnumerable<decimal> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? 0m : Math.Round(list.Sum() / list.Count, 2, MidpointRounding.AwayFromZero);
    }

    [Fact]
    public async Task A_what_if_writes_only_its_report_and_predicts_agent_by_agent_what_publishing_under_the_draft_shows()
    {
        using var author = _host.AdminCalled("wang.li");
        using var approver = _host.AdminCalled("zhao.min");
        using var reader = _host.As("hr-reader");
        var posted = await author.PostAsync("/api/rules", RulesHost.Content(Draft("2026.10w")));
        Assert.True(posted.StatusCode == HttpStatusCode.Created, await posted.Content.ReadAsStringAsync());

        _host.Clock.Advance(TimeSpan.FromDays(20)); // 20 October: the days come in and score under 2026.1 (the draft is not approved)
        await ImportDaysAsync();
        _host.Clock.Advance(TimeSpan.FromDays(13)); // 2 November: October is over
        var v1 = await PublishAsync(author, "October close");
        Assert.Equal(1, v1.GetProperty("version").GetInt32());

        // The what-if: 202 with the job, queued; an hr-reader may not start one.
        var before = await StorageSnapshot.TakeAsync(_host.Storage);
        Assert.Equal(HttpStatusCode.Forbidden, (await WhatIfAsync(reader, "2026.10w", "2026-10", "wi-reader")).StatusCode);
        var started = await WhatIfAsync(author, "2026.10w", "2026-10", "wi-1");
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        Assert.Equal("/api/jobs/wi-1", started.Headers.Location?.OriginalString);
        var queued = await started.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("whatif", "queued", "2026.10w", "2026-10"),
            (queued.GetProperty("kind").GetString(), queued.GetProperty("status").GetString(), queued.GetProperty("rulesVersion").GetString(), queued.GetProperty("month").GetString()));
        // The same request again is the same job; the key used for another month is refused.
        var replayed = await WhatIfAsync(author, "2026.10w", "2026-10", "wi-1");
        Assert.Equal(HttpStatusCode.Accepted, replayed.StatusCode);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.Conflict, (await WhatIfAsync(author, "2026.10w", "2026-09", "wi-1")).StatusCode);
        // No report before the job has run.
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/api/jobs/wi-1/files/what-if.json")).StatusCode);

        var answers = await _host.RunJobsAsync();
        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, a.Body));
        Assert.Equal(3, answers.Count); // the plan, then one step a day

        // Nothing but the job's row, its report (and the audit trail of the POST) was written: no ledger, month row,
        // standing, publication or month file.
        var after = await StorageSnapshot.TakeAsync(_host.Storage);
        var changed = after.ChangedSince(before);
        Assert.Contains("Jobs/rescore/wi-1", changed);
        Assert.Contains("blob:whatif/wi-1/what-if.json", changed);
        Assert.Contains("blob:whatif/wi-1/what-if.csv", changed);
        Assert.All(changed, key => Assert.True(
            key.StartsWith("Jobs/", StringComparison.Ordinal) || key.StartsWith("blob:whatif/wi-1/", StringComparison.Ordinal)
            || key.StartsWith("AuditTrail/", StringComparison.Ordinal) || key.StartsWith("AuditIds/", StringComparison.Ordinal),
            $"the what-if changed {key}"));

        // The job's outcome, readable by an hr-reader: progress, totals and the report's links.
        var job = await JsonAsync(reader, "/api/jobs/wi-1");
        Assert.Equal<(string?, int, int?, int, int?)>(("succeeded", 2, 2, 40, 40), job.Progress());
        var outcome = job.GetProperty("whatIf");
        Assert.Equal(("/api/jobs/wi-1/files/what-if.json", "/api/jobs/wi-1/files/what-if.csv", 40, 20),
            (outcome.GetProperty("json").GetString(), outcome.GetProperty("csv").GetString(), outcome.GetProperty("agentDays").GetInt32(), outcome.GetProperty("agents").GetInt32()));
        var report = await JsonAsync(reader, "/api/jobs/wi-1/files/what-if.json");
        Assert.Equal(("2026.1", "2026.10w"), (report.GetProperty("rulesBefore").GetString(), report.GetProperty("rulesAfter").GetString()));
        var totals = report.GetProperty("totals");
        foreach (var field in new[] { "rankedBefore", "rankedAfter", "rankMoves", "tierChanges", "bonusTotalBefore", "bonusTotalAfter", "bonusTotalChange" })
        {
            Assert.Equal(totals.GetProperty(field).GetDecimal(), outcome.GetProperty("totals").GetProperty(field).GetDecimal());
        }
        Assert.True(totals.GetProperty("rankMoves").GetInt32() > 0, "the draft moves nobody: the test's draft no longer tests anything");
        Assert.True(totals.GetProperty("tierChanges").GetInt32() > 0, "the draft changes no tier");

        using var csvResponse = await reader.GetAsync("/api/jobs/wi-1/files/what-if.csv");
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var csv = (await csvResponse.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("agent_id,name,department,team,rank_before,rank_after,rank_move,tier_before,tier_after", csv[0], StringComparison.Ordinal);
        Assert.Equal(Agents.Order(StringComparer.Ordinal), csv.Skip(1).Select(l => l.Split(',')[0]).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotModified, (await ConditionalGetAsync(reader, "/api/jobs/wi-1/files/what-if.csv", csvResponse.Headers.ETag!.Tag)).StatusCode);

        // Now publish under the draft: approved by another hr-admin (its date has passed: with a re-score), October
        // re-scored, published again.
        var approved = await approver.PostAsJsonAsync("/api/rules/2026.10w/approve", new { rescore = true, reason = "previewed" });
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        var rescore = await author.RescoreAsync("2026-10", "rules 2026.10w from 1 October", "wi-rescore");
        Assert.True(rescore.StatusCode == HttpStatusCode.Accepted, await rescore.Content.ReadAsStringAsync());
        await _host.RunJobsAsync();
        Assert.Equal(2, (await PublishAsync(author, "rules 2026.10w")).GetProperty("version").GetInt32());

        var ranking1 = await JsonAsync(reader, "/api/months/2026-10/files/ranking.json?version=1");
        var ranking2 = await JsonAsync(reader, "/api/months/2026-10/files/ranking.json?version=2");
        Assert.Equal("2026.10w", ranking2.GetProperty("rulesVersion").GetString());
        var rows1 = ranking1.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("agentId").GetString()!);
        var rows2 = ranking2.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("agentId").GetString()!);
        static (int? Rank, string? Tier, decimal Points, decimal Amount) Published(Dictionary<string, JsonElement> rows, string agent) =>
            rows.TryGetValue(agent, out var r)
                ? (r.GetProperty("rank").GetInt32(), r.GetProperty("tier").GetString(), r.GetProperty("monthPoints").GetDecimal(), r.GetProperty("amount").GetDecimal())
                : (null, null, 0m, 0m);
        static int? Int(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt32();
        var predicted = report.GetProperty("agents").EnumerateArray().ToList();
        Assert.Equal(rows1.Keys.Union(rows2.Keys).Order(StringComparer.Ordinal), predicted.Select(a => a.GetProperty("agentId").GetString()!).Order(StringComparer.Ordinal));
        foreach (var a in predicted)
        {
            var id = a.GetProperty("agentId").GetString()!;
            Assert.Equal(Published(rows1, id), (Int(a.GetProperty("rankBefore")), a.GetProperty("tierBefore").GetString(), a.GetProperty("pointsBefore").GetDecimal(), a.GetProperty("amountBefore").GetDecimal()));
            Assert.Equal(Published(rows2, id), (Int(a.GetProperty("rankAfter")), a.GetProperty("tierAfter").GetString(), a.GetProperty("pointsAfter").GetDecimal(), a.GetProperty("amountAfter").GetDecimal()));
        }

        // The bonus totals and the tiers' members as the two versions' summaries and rows show them.
        Assert.Equal(ranking1.GetProperty("summary").GetProperty("totalAmount").GetDecimal(), totals.GetProperty("bonusTotalBefore").GetDecimal());
        Assert.Equal(ranking2.GetProperty("summary").GetProperty("totalAmount").GetDecimal(), totals.GetProperty("bonusTotalAfter").GetDecimal());
        Assert.NotEqual(0m, totals.GetProperty("bonusTotalChange").GetDecimal());
        foreach (var tier in report.GetProperty("tiers").EnumerateArray())
        {
            var name = tier.GetProperty("tier").GetString();
            var was = rows1.Values.Where(r => r.GetProperty("tier").GetString() == name).Select(r => r.GetProperty("agentId").GetString()!).ToHashSet();
            var now = rows2.Values.Where(r => r.GetProperty("tier").GetString() == name).Select(r => r.GetProperty("agentId").GetString()!).ToHashSet();
            Assert.Equal(now.Except(was).Order(StringComparer.Ordinal), tier.GetProperty("entered").EnumerateArray().Select(e => e.GetString()!));
            Assert.Equal(was.Except(now).Order(StringComparer.Ordinal), tier.GetProperty("left").EnumerateArray().Select(e => e.GetString()!));
        }

        // Dimension averages over the ranked agents (no awards here: daily behaviour is month points less work quality).
        var dimensions = report.GetProperty("dimensions").EnumerateArray().ToDictionary(d => d.GetProperty("dimension").GetString()!);
        foreach (var (rows, side) in new[] { (rows1, "averageBefore"), (rows2, "averageAfter") })
        {
            Assert.Equal(Mean(rows.Values.Select(r => r.GetProperty("monthPoints").GetDecimal())), dimensions["month"].GetProperty(side).GetDecimal());
            Assert.Equal(Mean(rows.Values.Select(r => r.GetProperty("workQualityPoints").GetDecimal())), dimensions["workQuality"].GetProperty(side).GetDecimal());
            Assert.Equal(Mean(rows.Values.Select(r => r.GetProperty("monthPoints").GetDecimal() - r.GetProperty("workQualityPoints").GetDecimal())),
                dimensions["dailyBehaviour"].GetProperty(side).GetDecimal());
        }

        // And v2's diff.csv (what publishing shows changed) names exactly the agents the what-if has changing.
        using var diff = await reader.GetAsync("/api/months/2026-10/files/diff.csv?version=2");
        Assert.Equal(HttpStatusCode.OK, diff.StatusCode);
        var diffAgents = (await diff.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0]);
        var changing = predicted.Where(a =>
            Int(a.GetProperty("rankBefore")) != Int(a.GetProperty("rankAfter")) || a.GetProperty("tierBefore").GetString() != a.GetProperty("tierAfter").GetString()
            || a.GetProperty("pointsBefore").GetDecimal() != a.GetProperty("pointsAfter").GetDecimal() || a.GetProperty("amountChange").GetDecimal() != 0m)
            .Select(a => a.GetProperty("agentId").GetString()!);
        Assert.Equal(changing.Order(StringComparer.Ordinal), diffAgents.Order(StringComparer.Ordinal));

        // A re-score job has no report files.
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/api/jobs/wi-rescore/files/what-if.json")).StatusCode);
    }

    [Fact]
    public async Task A_what_if_of_an_unknown_or_withdrawn_version_or_a_month_without_data_is_a_problem_and_starts_no_job()
    {
        using var author = _host.AdminCalled("wang.li");
        var posted = await author.PostAsync("/api/rules", RulesHost.Content(Draft("2026.10x", "2026-10-02")));
        Assert.True(posted.StatusCode == HttpStatusCode.Created, await posted.Content.ReadAsStringAsync());

        async Task ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string mentions)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(mentions, body, StringComparison.Ordinal);
        }
        await ProblemAsync(await WhatIfAsync(author, "2099.1", "2026-09", "wi-p1"), HttpStatusCode.NotFound, "No rules version '2099.1'");
        // September has no stored metrics in this class's storage (its tests import October only).
        await ProblemAsync(await WhatIfAsync(author, "2026.10x", "2026-09", "wi-p2"), HttpStatusCode.NotFound, "2026-09 has no stored metrics");
        await ProblemAsync(await WhatIfAsync(author, "2026.10x", "2026-11", "wi-p3"), HttpStatusCode.BadRequest, "has not started");
        await ProblemAsync(await WhatIfAsync(author, "2026.10x", "October", "wi-p4"), HttpStatusCode.BadRequest, "month must be yyyy-MM");
        await ProblemAsync(await WhatIfAsync(author, "2026.10x", "2026-09", null), HttpStatusCode.BadRequest, "Idempotency-Key");
        var withdrawn = await author.PostAsJsonAsync("/api/rules/2026.10x/withdraw", new { reason = "not this one" });
        Assert.True(withdrawn.StatusCode == HttpStatusCode.OK, await withdrawn.Content.ReadAsStringAsync());
        await ProblemAsync(await WhatIfAsync(author, "2026.10x", "2026-09", "wi-p5"), HttpStatusCode.Conflict, "withdrawn");
        using var reader = _host.As("hr-reader");
        await ProblemAsync(await reader.GetAsync("/api/jobs/wi-p2/files/what-if.json"), HttpStatusCode.NotFound, "No job wi-p2");
        await ProblemAsync(await reader.GetAsync("/api/jobs/wi-p2/files/ranking.json"), HttpStatusCode.BadRequest, "what-if.json, what-if.csv");
        Assert.Empty(await _host.RunJobsAsync());
    }

    private static async Task<HttpResponseMessage> ConditionalGetAsync(HttpClient client, string path, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        return await client.SendAsync(request);
    }

    public void Dispose() => _host.Dispose();
}
