using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Serverless.Domain.Metrics;
using Serverless.LocalHost;
using Serverless.Testing;

namespace Serverless.EndToEnd.Tests;

/// <summary>
/// An HR integrator's typical day through the local host's <c>/api</c>, with a function key and a role header:
/// bulk roster upload, exports scored, awards posted (one retried), the month closed and re-published, the ranking
/// and payroll feed fetched. Needs the scoring and month-close services (ILedger, month publishing) registered.
/// </summary>
public sealed class HrApiDayTests(OctoberClosingStack fixture) : IClassFixture<OctoberClosingStack>
{
    private LocalStack Stack => fixture.Stack;

    private HttpClient Integrator()
    {
        var client = fixture.Client(Stack.Options.FunctionKeys[0]);
        client.DefaultRequestHeaders.Add("X-Points-Roles", "hr-admin");
        client.DefaultRequestHeaders.Add("X-Points-Caller", "hr-system");
        return client;
    }

    [Fact]
    public async Task Roster_awards_a_closed_month_the_ranking_and_the_payroll_feed_work_through_the_host()
    {
        using var api = Integrator();
        // The stack's clock starts as the timer closes October 2026; the day scored is 3 October.
        var month = OctoberClosingStack.October;
        var day = new DateOnly(2026, 10, 3);
        var date = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var agents = Enumerable.Range(1, 6).Select(i => new
        {
            agentId = $"HR{i:D3}", name = $"坐席{i}", department = i % 2 == 0 ? "客服二部" : "客服一部", specialty = "电费", team = "T1", hireDate = "2023-01-01", status = "active",
        }).ToArray();

        // Roster in bulk; without a role the same call is refused even with a valid key.
        using var keyOnly = fixture.Client(Stack.Options.FunctionKeys[0]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await keyOnly.PutAsJsonAsync("/api/agents", agents)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync("/api/agents", agents)).StatusCode);

        // The day's exports arrive; scoring gives every agent a scheduled day, which ranking needs.
        var exports = new BlobServiceClient(Stack.StorageConnectionString).GetBlobContainerClient("exports");
        await exports.CreateIfNotExistsAsync();
        var time = new StringBuilder("agent_id,date,scheduled_seconds,signed_in_seconds,not_ready_seconds\r\n");
        var calls = new StringBuilder("call_id,agent_id,start_time,end_time,talk_seconds,hold_seconds,acw_seconds\r\n");
        foreach (var (agent, i) in agents.Select((a, i) => (a.agentId, i)))
        {
            time.Append(System.Globalization.CultureInfo.InvariantCulture, $"{agent},{date},28800,28000,{1000 + i * 300}\r\n");
            for (var c = 0; c < 10 + i; c++)
            {
                calls.Append(System.Globalization.CultureInfo.InvariantCulture, $"{agent}-{c},{agent},{date} 09:{c:D2}:00,{date} 09:{c:D2}:50,{200 + i * 20},0,20\r\n");
            }
        }
        await exports.UploadBlobAsync($"agent-time/{date}/hr-day.csv", BinaryData.FromString(time.ToString()));
        await exports.UploadBlobAsync($"calls/{date}/hr-day.csv", BinaryData.FromString(calls.ToString()));
        await Eventually.UntilAsync(async () =>
        {
            var points = await api.GetFromJsonAsync<JsonElement>($"/api/agents/HR001/points?from={date}&to={date}");
            return points.GetProperty("entries").GetArrayLength() > 0;
        }, "HR001's scored day in the points API");

        // Awards, one retried: the retry replays the first answer.
        var award = new { agentId = "HR002", date, item = "honour", level = "center", note = "服务之星" };
        HttpRequestMessage Post()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/awards") { Content = JsonContent.Create(award) };
            request.Headers.Add("Idempotency-Key", $"hr-day-{month}-honour-HR002");
            return request;
        }
        var first = await api.SendAsync(Post());
        var retry = await api.SendAsync(Post());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());

        // Month close (the timer, run now by the admin endpoint): only 3 October has exports, so under the default
        // completeness policy (wait) the timer publishes nothing and the matrix names the 28 days from the 4th to the 31st
        // whose calls and agent-time are missing (this stack's first export is on the 3rd, so the 1st and 2nd are not judged).
        using var admin = fixture.Client(Stack.Options.MasterKey);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/admin/functions/PublishMonth?wait=true", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/months/{month}/ranking")).StatusCode);
        var matrix = await api.GetFromJsonAsync<JsonElement>($"/api/months/{month}/completeness");
        Assert.Equal((false, 28 * 2), (matrix.GetProperty("complete").GetBoolean(), matrix.GetProperty("gapCount").GetInt32()));
        Assert.Equal(["hr-day"], matrix.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.True(matrix.GetProperty("days")[0].GetProperty("complete").GetBoolean());

        // HR closes it knowing the gaps (the rest of the month's files will never come): v1 with them in its manifest.
        var refused = await api.PostAsJsonAsync($"/api/months/{month}/publish", new { reason = "close October" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/months/{month}/publish", new { reason = "close October: only the 3rd was exported", acceptGaps = true })).StatusCode);
        var closed = await api.GetFromJsonAsync<JsonElement>($"/api/months/{month}/files/manifest.json?version=1");
        Assert.Equal(56, closed.GetProperty("completeness").GetProperty("gaps").GetArrayLength());
        var ranking = await api.GetFromJsonAsync<JsonElement>($"/api/months/{month}/ranking?pageSize=50");
        Assert.Equal(1, ranking.GetProperty("version").GetInt32());
        Assert.Equal(agents.Select(a => a.agentId).Order(), ranking.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("agentId").GetString()).Order());

        var payroll = await api.GetAsync($"/api/months/{month}/files/payroll.csv");
        Assert.Equal(HttpStatusCode.OK, payroll.StatusCode);
        Assert.StartsWith("TRAILER,", (await payroll.Content.ReadAsStringAsync()).TrimEnd().Split("\r\n")[^1], StringComparison.Ordinal);
        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/months/{month}/files/payroll.csv");
        again.Headers.IfNoneMatch.Add(payroll.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await api.SendAsync(again)).StatusCode);

        // A late award for the closed month, then the re-publication it calls for: v2 beside v1.
        var late = new HttpRequestMessage(HttpMethod.Post, "/api/awards")
        {
            Content = JsonContent.Create(new { agentId = "HR001", date, item = "good-deed", level = "company", note = "late" }),
        };
        late.Headers.Add("Idempotency-Key", $"hr-day-{month}-late-HR001");
        Assert.Equal(HttpStatusCode.Created, (await api.SendAsync(late)).StatusCode);
        var republished = await api.PostAsJsonAsync($"/api/months/{month}/publish", new { reason = "late award correction" });
        Assert.Equal(HttpStatusCode.Created, republished.StatusCode);
        var manifest = await api.GetFromJsonAsync<JsonElement>($"/api/months/{month}/files/manifest.json");
        Assert.Equal(2, manifest.GetProperty("version").GetInt32());
        Assert.Equal("late award correction", manifest.GetProperty("reason").GetString());
        // Payroll is sent only the difference, against v1 (nobody marked a version taken yet).
        Assert.Equal(1, manifest.GetProperty("payrollDelta").GetProperty("againstVersion").GetInt32());
        var delta = await api.GetStringAsync($"/api/months/{month}/files/payroll-delta.csv?version=2");
        Assert.StartsWith("employee_id,name,department,change,old_amount_cny,new_amount_cny,difference_cny,month\r\n", delta, StringComparison.Ordinal);
        Assert.EndsWith($",{month},v1\r\n", delta, StringComparison.Ordinal);
        // And HR's changes are in the audit trail, in order, with their reasons.
        var from = month.FirstDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var to = month.FirstDay.AddDays(300).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var audit = (await api.GetFromJsonAsync<JsonElement>($"/api/audit?from={from}&to={to}&pageSize=500")).GetProperty("records").EnumerateArray()
            .Select(r => (Kind: r.GetProperty("kind").GetString(), Reason: r.GetProperty("reason").GetString(), Actor: r.GetProperty("actor").GetString())).ToList();
        Assert.Equal("roster", audit[0].Kind);
        Assert.Contains(("publish", "late award correction", "hr-system (hr-admin)"), audit);
        Assert.Contains(audit, r => r.Kind == "award");

        // HR002's honour is withdrawn and the month re-published: its monthly entry goes from the points statement.
        static async Task<List<string>> MonthlyRulesAsync(HttpClient client, string agent, string from, string to) =>
            [.. (await client.GetFromJsonAsync<JsonElement>($"/api/agents/{agent}/points?from={from}&to={to}")).GetProperty("entries")
                .EnumerateArray().Where(e => e.GetProperty("periodKind").GetString() == "month").Select(e => e.GetProperty("rule").GetString()!)];
        var monthStart = month.FirstDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var monthEnd = month.LastDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("team-building:honour:center", await MonthlyRulesAsync(api, "HR002", monthStart, monthEnd));
        var honourId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("awardId").GetString();
        Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync($"/api/awards/{honourId}?reason=entered+twice+by+mistake")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/months/{month}/publish", new { reason = "honour withdrawn" })).StatusCode);
        Assert.DoesNotContain("team-building:honour:center", await MonthlyRulesAsync(api, "HR002", monthStart, monthEnd));
    }
}
