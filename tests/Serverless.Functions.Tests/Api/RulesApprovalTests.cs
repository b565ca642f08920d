using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Functions.Tests.Scoring;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Api;

/// <summary>
/// Drafts and approval of rules versions through HTTP on Azurite with the real stores: a posted version is a draft that
/// never scores; another hr-admin (not its author) approves it, and from then on the days of its date score under it;
/// a withdrawn draft cannot be approved; a draft whose date has passed is approved only with a re-score; each step is
/// on the version (who, when) and in the audit trail.
/// </summary>
public sealed class RulesApprovalTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private static readonly string[] Agents = ["RA01", "RA02", "RA03"];

    // 09:00 on 20 October 2026 in Shanghai (ScoringHost), the role headers trusted as the front door sets them.
    private readonly HandlerHost _host = new(ScoringHost.Options(azurite.ConnectionString) with { TrustRoleHeaders = true });

    /// <summary>Version 2026.10a from 21 October: not-ready is called "not-ready-2" and pays 0.4 instead of 0.3.</summary>
    private static string NotReadyPaysMore(string version, string effectiveFrom) => RulesHost.RulesJson(version, effectiveFrom,
        ("{ \"kind\": \"not-ready\", ", "{ \"kind\": \"not-ready\", \"name\": \"not-ready-2\", "),
        ("\"maxShareOfSignedIn\": 0.10, \"points\": 0.3", "\"maxShareOfSignedIn\": 0.10, \"points\": 0.4"));

    private async Task ScoreDayAsync(DateOnly day)
    {
        await _host.ScoreAllAsync(await _host.DropAsync(Exports.CallsBlob(day, "approval"), Exports.Calls(day, ("RA01", 10, 200), ("RA02", 12, 260), ("RA03", 14, 300))));
        await _host.ScoreAllAsync(await _host.DropAsync(Exports.TimeBlob(day, "approval"), Exports.Time(day, [.. Agents.Select(a => (a, 28800, 28800, 1000, 0.97))])));
    }

    /// <summary>The agent's not-ready entry of a day as the points API shows it: (rule, points, rules version).</summary>
    private static async Task<(string Rule, decimal Points, string Version)> NotReadyAsync(HttpClient hr, string agent, DateOnly day)
    {
        var points = await hr.GetFromJsonAsync<JsonElement>($"/api/agents/{agent}/points?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}");
        var entry = points.GetProperty("entries").EnumerateArray()
            .Single(e => e.GetProperty("periodKind").GetString() == "day" && e.GetProperty("rule").GetString()!.StartsWith("not-ready", StringComparison.Ordinal));
        return (entry.GetProperty("rule").GetString()!, entry.GetProperty("points").GetDecimal(), entry.GetProperty("rulesVersion").GetString()!);
    }

    private static async Task<JsonElement> VersionAsync(HttpClient hr, string version)
    {
        var status = await hr.GetAsync($"/api/rules/{version}/status");
        Assert.True(status.StatusCode == HttpStatusCode.OK, await status.Content.ReadAsStringAsync());
        return await status.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_draft_scores_nothing_until_another_admin_approves_it_and_then_scores_the_days_of_its_date()
    {
        await _host.RosterAsync([.. Agents.Select(a => (a, "D4", "S1"))]);
        using var author = _host.AdminCalled("wang.li");
        using var approver = _host.AdminCalled("zhao.min");

        var posted = await author.PostAsync("/api/rules", RulesHost.Content(NotReadyPaysMore("2026.10a", "2026-10-21")));
        Assert.True(posted.StatusCode == HttpStatusCode.Created, await posted.Content.ReadAsStringAsync());
        var draft = await posted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("draft", draft.GetProperty("status").GetString());
        Assert.Equal("wang.li", draft.GetProperty("posted").GetProperty("by").GetString());

        // 21 October, the draft's date: the version in force is still 2026.1, and the day scores under it.
        _host.Clock.Advance(TimeSpan.FromDays(1));
        var day21 = new DateOnly(2026, 10, 21);
        await ScoreDayAsync(day21);
        Assert.Equal(("not-ready", 0.3m, "2026.1"), await NotReadyAsync(approver, "RA01", day21));
        var listed = await approver.GetFromJsonAsync<JsonElement>("/api/rules");
        Assert.Equal("2026.1", listed.GetProperty("inForceToday").GetString());
        Assert.Contains(listed.GetProperty("versions").EnumerateArray(), v => v.GetProperty("version").GetString() == "2026.10a" && v.GetProperty("status").GetString() == "draft");

        // Its author cannot approve it, in any spelling of their name.
        var self = await author.PostAsJsonAsync("/api/rules/2026.10a/approve", new { reason = "mine" });
        using var shouting = _host.AdminCalled("WANG.LI");
        var selfAgain = await shouting.PostAsJsonAsync("/api/rules/2026.10a/approve", new { });
        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, selfAgain.StatusCode);
        Assert.Contains("cannot approve it", (await Problems.ReadAsync(self)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("draft", (await VersionAsync(approver, "2026.10a")).GetProperty("status").GetString());

        var approved = await approver.PostAsJsonAsync("/api/rules/2026.10a/approve", new { reason = "绩效管理小组批准" });
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        var again = await approver.PostAsJsonAsync("/api/rules/2026.10a/approve", new { reason = "绩效管理小组批准" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var state = await VersionAsync(_host.Reader(), "2026.10a");
        Assert.Equal("approved", state.GetProperty("status").GetString());
        Assert.Equal("zhao.min", state.GetProperty("approved").GetProperty("by").GetString());
        Assert.Equal(_host.Clock.GetUtcNow(), state.GetProperty("approved").GetProperty("at").GetDateTimeOffset());
        Assert.Equal("2026.10a", (await approver.GetFromJsonAsync<JsonElement>("/api/rules")).GetProperty("inForceToday").GetString());

        // 22 October: the approved version scores the day; 21 October keeps the entries it was scored with.
        _host.Clock.Advance(TimeSpan.FromDays(1));
        var day22 = new DateOnly(2026, 10, 22);
        await ScoreDayAsync(day22);
        Assert.Equal(("not-ready-2", 0.4m, "2026.10a"), await NotReadyAsync(approver, "RA01", day22));
        Assert.Equal(("not-ready", 0.3m, "2026.1"), await NotReadyAsync(approver, "RA01", day21));

        // The audit trail has the draft and one approval (the repeat and the refused self-approvals are not changes).
        var audit = await AuditAsync("2026-10-20", "2026-10-22");
        Assert.Equal(
            [("rules-draft", "wang.li (hr-admin)", "POST /api/rules", "location=/api/rules/2026.10a", (string?)null),
                ("rules-approval", "zhao.min (hr-admin)", "POST /api/rules/{version}/approve", "version=2026.10a", "绩效管理小组批准")],
            audit.Where(r => r.Target.Contains("2026.10a", StringComparison.Ordinal)).Select(r => (r.Kind, r.Actor, r.Action, r.Target, r.Reason)));
    }

    [Fact]
    public async Task A_withdrawn_draft_cannot_be_approved_and_its_name_stays_taken()
    {
        using var author = _host.AdminCalled("wang.li");
        using var other = _host.AdminCalled("sun.yu");
        var json = NotReadyPaysMore("2026.11w", "2026-11-05");
        Assert.Equal(HttpStatusCode.Created, (await author.PostAsync("/api/rules", RulesHost.Content(json))).StatusCode);

        var withdrawn = await other.DeleteAsync("/api/rules/2026.11w?reason=" + Uri.EscapeDataString("上限写错"));
        Assert.True(withdrawn.StatusCode == HttpStatusCode.OK, await withdrawn.Content.ReadAsStringAsync());
        var repeat = await author.PostAsJsonAsync("/api/rules/2026.11w/withdraw", new { reason = "again" });
        var approve = await other.PostAsJsonAsync("/api/rules/2026.11w/approve", new { });
        var reposted = await author.PostAsync("/api/rules", RulesHost.Content(json.Replace("\"cap\": 10", "\"cap\": 11", StringComparison.Ordinal)));
        var samePostAgain = await author.PostAsync("/api/rules", RulesHost.Content(json));

        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        Assert.Contains("was withdrawn", (await Problems.ReadAsync(approve)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, reposted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, samePostAgain.StatusCode);
        var state = await VersionAsync(_host.Reader(), "2026.11w");
        Assert.Equal("withdrawn", state.GetProperty("status").GetString());
        Assert.Equal("sun.yu", state.GetProperty("withdrawn").GetProperty("by").GetString());
        Assert.Equal("上限写错", state.GetProperty("withdrawalReason").GetString());
        Assert.Equal(JsonValueKind.Null, state.GetProperty("approved").ValueKind);
        Assert.Equal("2026.1", (await other.GetFromJsonAsync<JsonElement>("/api/rules")).GetProperty("inForceToday").GetString());

        var audit = await AuditAsync("2026-10-20", "2026-10-20");
        // Both steps happen at the same instant of the test's fixed clock, so the trail holds no order between them.
        Assert.Equal(
            [("rules-draft", "wang.li (hr-admin)", (string?)null), ("rules-withdrawal", "sun.yu (hr-admin)", "上限写错")],
            audit.Where(r => r.Target.Contains("2026.11w", StringComparison.Ordinal)).Select(r => (r.Kind, r.Actor, r.Reason)).Order());
    }

    [Fact]
    public async Task A_draft_whose_date_has_passed_is_approved_only_with_a_rescore_and_lists_the_months_to_rescore()
    {
        using var author = _host.AdminCalled("wang.li");
        using var approver = _host.AdminCalled("zhao.min");
        Assert.Equal(HttpStatusCode.Created, (await author.PostAsync("/api/rules", RulesHost.Content(NotReadyPaysMore("2026.10p", "2026-10-30")))).StatusCode);
        _host.Clock.Advance(TimeSpan.FromDays(13)); // 2 November

        var refused = await approver.PostAsJsonAsync("/api/rules/2026.10p/approve", new { });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("\"rescore\": true", (await Problems.ReadAsync(refused)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("draft", (await VersionAsync(approver, "2026.10p")).GetProperty("status").GetString());

        var approved = await approver.PostAsJsonAsync("/api/rules/2026.10p/approve", new { rescore = true, reason = "late approval" });
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        var answer = await approved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            [("2026-10", "2026-10-30", "2026-10-31", "/api/months/2026-10/rescore"), ("2026-11", "2026-11-01", "2026-11-01", "/api/months/2026-11/rescore")],
            answer.GetProperty("needsRescore").EnumerateArray().Select(m => (m.GetProperty("month").GetString(), m.GetProperty("from").GetString(), m.GetProperty("to").GetString(), m.GetProperty("rescore").GetString())));
    }

    [Fact]
    public async Task A_caller_without_a_name_can_neither_post_nor_approve_and_a_reader_can_do_neither()
    {
        using var unnamed = _host.CreateClient();
        unnamed.DefaultRequestHeaders.Add("X-Points-Roles", "hr-admin");
        using var author = _host.AdminCalled("wang.li");
        Assert.Equal(HttpStatusCode.Forbidden, (await unnamed.PostAsync("/api/rules", RulesHost.Content(NotReadyPaysMore("2026.12u", "2026-12-03")))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await author.PostAsync("/api/rules", RulesHost.Content(NotReadyPaysMore("2026.12n", "2026-12-04")))).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await unnamed.PostAsJsonAsync("/api/rules/2026.12n/approve", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.Reader().PostAsJsonAsync("/api/rules/2026.12n/approve", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await author.PostAsJsonAsync("/api/rules/2026.none/approve", new { })).StatusCode);
        Assert.Equal("draft", (await VersionAsync(author, "2026.12n")).GetProperty("status").GetString());
    }

    private async Task<List<(string Kind, string Actor, string Action, string Target, string? Reason)>> AuditAsync(string from, string to)
    {
        var page = await _host.Reader().GetFromJsonAsync<JsonElement>($"/api/audit?from={from}&to={to}");
        return [.. page.GetProperty("records").EnumerateArray().Select(r => (
            r.GetProperty("kind").GetString()!, r.GetProperty("actor").GetString()!, r.GetProperty("action").GetString()!,
            r.GetProperty("target").GetString()!, r.GetProperty("reason").GetString()))];
    }

    public void Dispose() => _host.Dispose();
}
