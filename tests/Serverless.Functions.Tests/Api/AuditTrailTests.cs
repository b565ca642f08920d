using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Api;

/// <summary>
/// The audit trail of the write routes other than inquiries: roster writes, awards and their reversal, a re-score; each
/// change once (a retried award once), refused calls not at all, and nothing of the bodies but the reason — no names,
/// no notes.
/// </summary>
public sealed class AuditTrailTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static string Today => ApiHost.Now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Each_change_is_recorded_once_with_its_reason_and_no_personal_data_while_refused_calls_are_not()
    {
        await using var host = new HandlerHost(ApiHost.Options(azurite.ConnectionString));
        using var admin = host.Admin();
        var agent = new { agentId = "W001", name = "李娜", department = "客服一部", specialty = "电费", team = "T1", status = "active" };
        (await admin.PutAsJsonAsync("/api/agents/W001", agent)).EnsureSuccessStatusCode();
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var award = new { agentId = "W001", date = "2026-11-03", item = "honour", level = "center", note = "季度服务之星" };
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, "/api/awards") { Content = JsonContent.Create(award) };
            post.Headers.Add("Idempotency-Key", "k-audit-1");
            Assert.Equal(HttpStatusCode.Created, (await admin.SendAsync(post)).StatusCode);
            host.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        // Refused: no key, and a reader writing. Neither changed anything.
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/awards", award)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Reader().PutAsJsonAsync("/api/agents/W001", agent)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync("/api/awards/k-audit-1?reason=%E9%87%8D%E5%A4%8D%E5%BD%95%E5%85%A5")).StatusCode);
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        using (var rescore = new HttpRequestMessage(HttpMethod.Post, "/api/months/2026-11/rescore") { Content = JsonContent.Create(new { reason = "roster fix" }) })
        {
            rescore.Headers.Add("Idempotency-Key", "k-audit-rescore");
            Assert.Equal(HttpStatusCode.Accepted, (await admin.SendAsync(rescore)).StatusCode);
        }

        using var response = await host.Reader().GetAsync($"/api/audit?from={Today}&to={Today}");
        var text = await response.Content.ReadAsStringAsync();
        var records = JsonDocument.Parse(text).RootElement.GetProperty("records").EnumerateArray().ToList();

        Assert.Equal(
            [("roster", "PUT /api/agents/{agentId}", "agentId=W001", null), ("award", "POST /api/awards", "location=/api/awards/k-audit-1", null),
                ("award-reversal", "DELETE /api/awards/{awardId}", "awardId=k-audit-1", "重复录入"), ("rescore", "POST /api/months/{month}/rescore", "month=2026-11 location=/api/jobs/k-audit-rescore", "roster fix")],
            records.Select(r => (r.GetProperty("kind").GetString(), r.GetProperty("action").GetString(), r.GetProperty("target").GetString(), r.GetProperty("reason").GetString())));
        Assert.All(records, r => Assert.Equal("test (hr-admin)", r.GetProperty("actor").GetString()));
        Assert.All(records, r => Assert.Matches("^[0-9a-f]{32}$", r.GetProperty("correlationId").GetString()));
        Assert.Equal([200, 201, 200, 202], records.Select(r => r.GetProperty("status").GetInt32()));
        Assert.DoesNotContain("李娜", text, StringComparison.Ordinal);
        Assert.DoesNotContain("季度服务之星", text, StringComparison.Ordinal);
    }
}
