using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;
using Serverless.Functions.Tests.Api;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Web;

/// <summary>
/// A team lead's award and adjustment through the team view's forms land in the audit trail HR reads from
/// <c>GET /api/audit</c>, as the same changes through <c>/api</c> do: who (the signed-in lead and their team), when,
/// what (kind, the form's route, the created entry), why (the adjustment's reason); the same form posted again once;
/// nothing of the note.
/// </summary>
public sealed partial class WebFormAuditTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_form_award_and_adjustment_are_in_the_audit_trail_once_each_with_who_and_why()
    {
        await using var host = new HandlerHost(ApiHost.Options(azurite.ConnectionString).Set("WebApp:DevelopmentSignIn", "true"));
        var positive = RulePresets.ReadJson(RulePresets.PositiveIncentive)
            .Replace("\"effectiveFrom\": \"2026-01-01\"", "\"effectiveFrom\": \"2026-01-01\", \"adjustments\": { \"dimension\": \"dailyBehaviour\", \"allowDeductions\": false }", StringComparison.Ordinal);
        await host.Services.GetRequiredService<IRulesStore>().AddAsync(RulesDocument.Parse(positive).Value!, positive, default);
        using (var admin = host.Admin())
        {
            (await admin.PutAsJsonAsync("/api/agents/F001", new { agentId = "F001", name = "李娜", department = "客服一部", specialty = "电费", team = "T1", status = "active" })).EnsureSuccessStatusCode();
        }

        var principal = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"auth_typ":"development","claims":[{"typ":"roles","val":"team-lead"},{"typ":"team","val":"T1"},{"typ":"name","val":"zhang.wei"}]}"""));
        using var browser = host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        var page = await browser.SendAsync(WithCookies(new HttpRequestMessage(HttpMethod.Get, "/app/team"), principal, null));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var antiforgery = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("points-antiforgery=", StringComparison.Ordinal));
        var html = await page.Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(TokenField().Match(html).Groups[1].Value);
        var keys = KeyField().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, keys.Count);

        var award = new Dictionary<string, string> { ["__token"] = token, ["key"] = keys[0], ["agentId"] = "F001", ["date"] = "2026-11-09", ["item"] = "honour", ["level"] = "center", ["note"] = "季度服务之星" };
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var posted = await browser.SendAsync(WithCookies(new HttpRequestMessage(HttpMethod.Post, "/app/team/awards") { Content = new FormUrlEncodedContent(award) }, principal, antiforgery));
            Assert.Contains(attempt == 0 ? "class=\"ok\" id=\"award-result\"" : "class=\"note\" id=\"award-result\"", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            host.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        var adjustment = new Dictionary<string, string> { ["__token"] = token, ["key"] = keys[1], ["agentId"] = "F001", ["date"] = "2026-11-09", ["points"] = "2", ["reason"] = "帮带新人" };
        var adjusted = await browser.SendAsync(WithCookies(new HttpRequestMessage(HttpMethod.Post, "/app/team/adjustments") { Content = new FormUrlEncodedContent(adjustment) }, principal, antiforgery));
        Assert.Contains("class=\"ok\" id=\"adjustment-result\"", await adjusted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Refused by the step (no such level): nothing changed, nothing recorded.
        var refused = new Dictionary<string, string>(award) { ["key"] = "web-refused", ["level"] = "galaxy" };
        var bad = await browser.SendAsync(WithCookies(new HttpRequestMessage(HttpMethod.Post, "/app/team/awards") { Content = new FormUrlEncodedContent(refused) }, principal, antiforgery));
        Assert.Contains("class=\"bad\" id=\"award-result\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var today = ApiHost.Now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var text = await (await host.Reader().GetAsync($"/api/audit?from={today}&to={today}")).Content.ReadAsStringAsync();
        var records = JsonDocument.Parse(text).RootElement.GetProperty("records").EnumerateArray().Where(r => r.GetProperty("kind").GetString() != "roster").ToList();

        Assert.Equal(
            [("award", "POST /app/team/awards", $"location=/api/awards/{keys[0]}", null), ("adjustment", "POST /app/team/adjustments", $"location=/api/adjustments/{keys[1]}", "帮带新人")],
            records.Select(r => (r.GetProperty("kind").GetString(), r.GetProperty("action").GetString(), r.GetProperty("target").GetString(), r.GetProperty("reason").GetString())));
        Assert.All(records, r => Assert.Equal("zhang.wei (team-lead of T1)", r.GetProperty("actor").GetString()));
        Assert.All(records, r => Assert.InRange(r.GetProperty("at").GetDateTimeOffset(), ApiHost.Now, ApiHost.Now.AddMinutes(1)));
        Assert.DoesNotContain("季度服务之星", text, StringComparison.Ordinal);
    }

    private static HttpRequestMessage WithCookies(HttpRequestMessage request, string principal, string? antiforgery)
    {
        request.Headers.Add("Cookie", antiforgery is null ? $"points-dev-principal={principal}" : $"points-dev-principal={principal}; {antiforgery}");
        return request;
    }

    [GeneratedRegex("name=\"__token\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("name=\"key\" value=\"([^\"]+)\"")]
    private static partial Regex KeyField();
}
