using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Serverless.Application.Ports;
using Serverless.Domain.Metrics;
using Serverless.Functions.Tests.Api;
using Serverless.Testing;

namespace Serverless.Functions.Tests.MonthClose;

/// <summary>
/// An inquiry's (申诉) whole life through the API on the real month close: a team lead opens one on their agent's ledger
/// entry (idempotently), HR one on a month result; the close counts them and, with the hold setting, holds the agent's
/// bonus (in bonus.csv, not payroll.csv); HR answers (accepted with the correction linked, rejected with a reason); the
/// re-publication releases the bonus in its payroll delta; and every step a person took is in the audit trail.
/// </summary>
public sealed class InquiryLifeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    /// <summary>02:00 in Shanghai on the 1st, the timer's hour (18:00 UTC the day before): the steps' seconds stay on one UTC day.</summary>
    private static FakeTimeProvider ClockAfter(YearMonth month) =>
        new(new DateTimeOffset(month.LastDay.AddDays(1).ToDateTime(new TimeOnly(2, 0)), TimeSpan.FromHours(8)));

    private async Task<HandlerHost> HandlerAsync(YearMonth month, string prefix)
    {
        var handler = new HandlerHost(MonthCloseHost.Options(azurite.ConnectionString, ClockAfter(month)).Set("MonthClose:HoldBonusWhileInquiryOpen", "true"));
        var ids = Enumerable.Range(1, 10).Select(i => $"{prefix}{i:D2}").ToList();
        await handler.Get<IRosterStore>().UpsertAsync([.. ids.Select(id => MonthData.Person(id, "坐席" + id))], default);
        for (var i = 0; i < ids.Count; i++) await MonthData.PutTwoDaysAsync(handler.AgentMonths, ids[i], month, 10 - i);
        // The day entries scoring wrote for the first agent, as the points route shows them.
        foreach (var entry in MonthData.Day(ids[0], month.FirstDay.AddDays(4), 10).Entries) handler.Ledger.Add(entry, "imp-1");
        return handler;
    }

    private static HttpRequestMessage Post(string route, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        request.Headers.Add("traceparent", $"00-{TraceId}-00f067aa0ba902b7-01");
        return request;
    }

    private static async Task<byte[]> FileAsync(HttpClient client, YearMonth month, string file, int version) =>
        await client.GetByteArrayAsync($"/api/months/{month}/files/{file}?version={version}");

    [Fact]
    public async Task An_inquiry_is_opened_held_answered_released_and_every_step_is_in_the_audit_trail()
    {
        var month = new YearMonth(2028, 2);
        await using var handler = await HandlerAsync(month, "Q");
        using var lead = handler.As("team-lead", "一班");
        using var otherLead = handler.As("team-lead", "二班");
        using var admin = handler.Admin();
        using var reader = handler.Reader();
        var day = month.FirstDay.AddDays(4).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var onEntry = new { agentId = "Q01", month = month.ToString(), entry = new { period = day, rule = "efficiency" }, reason = "当天系统故障，效率被低估" };

        // Opened by the team lead; the retry answers the same inquiry; the key reused for something else is a conflict.
        using var opened = await lead.SendAsync(Post("/api/inquiries", onEntry, "q-entry-1"));
        handler.Clock.Advance(TimeSpan.FromSeconds(1));
        using var retried = await lead.SendAsync(Post("/api/inquiries", onEntry, "q-entry-1"));
        using var reused = await lead.SendAsync(Post("/api/inquiries", onEntry with { reason = "另一件事" }, "q-entry-1"));
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Conflict), (opened.StatusCode, retried.StatusCode, reused.StatusCode));
        Assert.Equal("/api/inquiries/q-entry-1", opened.Headers.Location?.OriginalString);
        Assert.True(retried.Headers.Contains("Idempotent-Replayed"));
        var first = await opened.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("open", "entry", day, "efficiency"), (first.GetProperty("state").GetString(), first.GetProperty("subject").GetString(), first.GetProperty("entryPeriod").GetString(), first.GetProperty("entryRule").GetString()));

        // Refused: another team's lead, a reader, an entry that does not exist, no key, no reason.
        using var notTheirs = await otherLead.SendAsync(Post("/api/inquiries", onEntry, "q-x1"));
        using var readOnly = await reader.SendAsync(Post("/api/inquiries", onEntry, "q-x2"));
        using var noEntry = await lead.SendAsync(Post("/api/inquiries", onEntry with { entry = new { period = day, rule = "quality" } }, "q-x3"));
        using var noKey = await lead.SendAsync(Post("/api/inquiries", onEntry));
        using var noReason = await lead.SendAsync(Post("/api/inquiries", onEntry with { reason = " " }, "q-x4"));
        Assert.Equal(
            (HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest),
            (notTheirs.StatusCode, readOnly.StatusCode, noEntry.StatusCode, noKey.StatusCode, noReason.StatusCode));
        Assert.Contains("own team", (await Problems.ReadAsync(notTheirs)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // HR opens one on another agent's month result.
        using var onResult = await admin.SendAsync(Post("/api/inquiries", new { agentId = "Q05", month = month.ToString(), reason = "名次与工单量不符" }, "q-result-1"));
        Assert.Equal(HttpStatusCode.Created, onResult.StatusCode);
        handler.Clock.Advance(TimeSpan.FromSeconds(1));
        var open = await reader.GetFromJsonAsync<JsonElement>($"/api/inquiries?month={month}&state=open");
        Assert.Equal(2, open.GetProperty("openCount").GetInt32());
        Assert.Equal(["q-entry-1", "q-result-1"], open.GetProperty("inquiries").EnumerateArray().Select(i => i.GetProperty("id").GetString()));

        // The close counts them in its summary and holds Q01's bonus: listed in bonus.csv with the hold, not in payroll.csv.
        var log = await handler.RunTimerAsync();
        Assert.Contains("2 inquiries open", log, StringComparison.Ordinal);
        Assert.Contains("1 bonuses held", log, StringComparison.Ordinal);
        var bonus = PublishedCsv.Read(await FileAsync(reader, month, "bonus.csv", 1));
        Assert.Equal("inquiry open: q-entry-1", bonus.Single(r => r[2] == "Q01")[10]);
        Assert.All(bonus.Skip(1).Where(r => r[2] != "Q01"), r => Assert.Equal("", r[10]));
        var payroll = PublishedCsv.Read(await FileAsync(reader, month, "payroll.csv", 1));
        Assert.DoesNotContain(payroll, r => r[0] == "Q01");
        var q01Amount = bonus.Single(r => r[2] == "Q01")[9];
        var manifest = JsonDocument.Parse(await FileAsync(reader, month, "manifest.json", 1)).RootElement;
        Assert.Equal(2, manifest.GetProperty("openInquiries").GetInt32());

        // HR answers: accepted with the correction linked; rejected with a reason. The same answer again is the same; another is a conflict.
        var accept = new { outcome = "accepted", reason = "故障已核实", correction = new { kind = "adjustment", reference = "adj-q01" } };
        using var leadAnswers = await lead.SendAsync(Post("/api/inquiries/q-entry-1/answer", accept));
        using var noCorrection = await admin.SendAsync(Post("/api/inquiries/q-entry-1/answer", new { outcome = "accepted", reason = "ok" }));
        using var accepted = await admin.SendAsync(Post("/api/inquiries/q-entry-1/answer", accept));
        handler.Clock.Advance(TimeSpan.FromSeconds(1));
        using var acceptedAgain = await admin.SendAsync(Post("/api/inquiries/q-entry-1/answer", accept));
        using var changedMind = await admin.SendAsync(Post("/api/inquiries/q-entry-1/answer", new { outcome = "rejected", reason = "再看" }));
        using var rejected = await admin.SendAsync(Post("/api/inquiries/q-result-1/answer", new { outcome = "rejected", reason = "工单量已计入" }));
        handler.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(acceptedAgain.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(
            (HttpStatusCode.Forbidden, HttpStatusCode.BadRequest, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.OK),
            (leadAnswers.StatusCode, noCorrection.StatusCode, accepted.StatusCode, acceptedAgain.StatusCode, changedMind.StatusCode, rejected.StatusCode));
        var answer = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("answer");
        Assert.Equal(("accepted", "adjustment", "/api/adjustments/adj-q01"),
            (answer.GetProperty("outcome").GetString(), answer.GetProperty("correctionKind").GetString(), answer.GetProperty("correctionLink").GetString()));
        // The team lead reads their own team's answer.
        var seen = await lead.GetFromJsonAsync<JsonElement>("/api/inquiries/q-entry-1");
        Assert.Equal("accepted", seen.GetProperty("state").GetString());
        Assert.Equal(0, (await reader.GetFromJsonAsync<JsonElement>($"/api/inquiries?month={month}")).GetProperty("openCount").GetInt32());

        // The re-publication releases the bonus: Q01 is in payroll.csv again and its delta pays exactly Q01.
        using var republished = await admin.SendAsync(Post($"/api/months/{month}/publish", new { reason = "inquiries answered" }));
        Assert.Equal(HttpStatusCode.Created, republished.StatusCode);
        Assert.Contains(PublishedCsv.Read(await FileAsync(reader, month, "payroll.csv", 2)), r => r[0] == "Q01");
        var delta = PublishedCsv.Read(await FileAsync(reader, month, "payroll-delta.csv", 2));
        Assert.Equal([["Q01", "坐席Q01", "客服一部", "added", "0.00", q01Amount, q01Amount, month.ToString()]], delta.Skip(1).SkipLast(1));
        Assert.Equal(["TRAILER", "1", "1", "0", "0", q01Amount, month.ToString(), "v1"], delta[^1]);
        Assert.Equal("", PublishedCsv.Read(await FileAsync(reader, month, "bonus.csv", 2)).Single(r => r[2] == "Q01")[10]);

        // The audit trail: each change once, in order, with who, what, why and the request's trace id.
        var today = handler.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var trail = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?from={today}&to={today}");
        var records = trail.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(["inquiry", "inquiry", "inquiry-answer", "inquiry-answer", "publish"], records.Select(r => r.GetProperty("kind").GetString()));
        Assert.Equal("test (team-lead of 一班)", records[0].GetProperty("actor").GetString());
        Assert.Equal("POST /api/inquiries", records[0].GetProperty("action").GetString());
        Assert.Contains("location=/api/inquiries/q-entry-1", records[0].GetProperty("target").GetString(), StringComparison.Ordinal);
        Assert.Equal(("test (hr-admin)", "inquiryId=q-entry-1", "故障已核实"),
            (records[2].GetProperty("actor").GetString(), records[2].GetProperty("target").GetString(), records[2].GetProperty("reason").GetString()));
        Assert.Equal("inquiries answered", records[4].GetProperty("reason").GetString());
        Assert.All(records, r => Assert.Equal(TraceId, r.GetProperty("correlationId").GetString()));
        Assert.Null(trail.GetProperty("continuation").GetString());

        // Paged: two at a time, the continuation token walks the same records once each.
        var paged = new List<string>();
        string? next = $"/api/audit?from={today}&to={today}&pageSize=2";
        while (next is not null)
        {
            var page = await reader.GetFromJsonAsync<JsonElement>(next);
            paged.AddRange(page.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
            next = page.GetProperty("next").GetString();
        }
        Assert.Equal(records.Select(r => r.GetProperty("id").GetString()), paged);
        var answers = await reader.GetFromJsonAsync<JsonElement>($"/api/audit?from={today}&to={today}&kind=inquiry-answer");
        Assert.Equal(["q-entry-1", "q-result-1"], answers.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("target").GetString()!.Split('=')[1]));
    }

    [Fact]
    public async Task The_audit_trail_is_read_only_for_hr_and_nobody_else_reads_it()
    {
        var month = new YearMonth(2028, 3);
        await using var handler = await HandlerAsync(month, "U");
        using var admin = handler.Admin();
        using var lead = handler.As("team-lead", "一班");

        using var leadReads = await lead.GetAsync("/api/audit?from=2028-04-01&to=2028-04-01");
        using var delete = await admin.DeleteAsync("/api/audit?from=2028-04-01&to=2028-04-01");
        using var put = await admin.PutAsJsonAsync("/api/audit", new { reason = "tidy up" });
        using var badToken = await admin.GetAsync("/api/audit?from=2028-04-01&to=2028-04-01&continuation=not-a-token");
        using var tooLong = await admin.GetAsync("/api/audit?from=2027-01-01&to=2028-04-01");

        Assert.Equal(HttpStatusCode.Forbidden, leadReads.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("/api/audit?from=2028-04-01&to=2028-04-01")).GetProperty("records").EnumerateArray());
    }
}
