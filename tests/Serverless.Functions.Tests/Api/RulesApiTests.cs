using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Serverless.Domain.Scoring;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Api;

/// <summary>Rules versions over HTTP: list, read, add a validated version (a draft until approved, see RulesApprovalTests) effective from a date.</summary>
public sealed class RulesApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly HandlerHost host = new(ApiHost.Options(azurite.ConnectionString));

    private static StringContent File(string version, string effectiveFrom, string tweak = "") => new(
        RulePresets.ReadJson(RulePresets.PositiveIncentive)
            .Replace("\"version\": \"2026.1\"", $"\"version\": \"{version}\"", StringComparison.Ordinal)
            .Replace("\"effectiveFrom\": \"2026-01-01\"", $"\"effectiveFrom\": \"{effectiveFrom}\"", StringComparison.Ordinal)
            .Replace("\"cap\": 10", "\"cap\": 10" + tweak, StringComparison.Ordinal),
        Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_new_version_is_added_listed_readable_and_a_retry_is_harmless()
    {
        using var admin = host.Admin();

        var added = await admin.PostAsync("/api/rules", File("2026.12", "2026-12-01"));
        var retry = await admin.PostAsync("/api/rules", File("2026.12", "2026-12-01"));
        var list = await host.Reader().GetFromJsonAsync<JsonElement>("/api/rules");
        var file = await host.Reader().GetAsync("/api/rules/2026.12");

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("2026.1", list.GetProperty("inForceToday").GetString());
        Assert.Contains(list.GetProperty("versions").EnumerateArray(), v => v.GetProperty("version").GetString() == "2026.12" && v.GetProperty("effectiveFrom").GetString() == "2026-12-01" && v.GetProperty("status").GetString() == "draft");
        Assert.Contains(list.GetProperty("versions").EnumerateArray(), v => v.GetProperty("version").GetString() == "2026.1" && v.GetProperty("status").GetString() == "approved");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Contains("\"2026.12\"", await file.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_file_is_refused_with_line_numbers()
    {
        var response = await host.Admin().PostAsync("/api/rules", new StringContent("{\n  \"scheme\": \"positive-incentive\",\n  \"version\": 5,\n}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Problems.ReadAsync(response);
        Assert.Contains(problem.GetProperty("rulesErrors").EnumerateArray(), e => e.GetProperty("line").GetInt32() > 1);
    }

    [Theory]
    [InlineData("2026.past", "2026-11-09", HttpStatusCode.BadRequest, "in the past")]
    [InlineData("2026.1", "2026-12-01", HttpStatusCode.Conflict, "different content")]
    public async Task A_past_date_or_a_reused_name_is_refused(string version, string effectiveFrom, HttpStatusCode expected, string message)
    {
        var response = await host.Admin().PostAsync("/api/rules", File(version, effectiveFrom));

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains(message, await Problems.DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_version_is_not_found_and_only_an_admin_adds_rules()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await host.Reader().GetAsync("/api/rules/9999.9")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Reader().PostAsync("/api/rules", File("2027.1", "2027-01-01"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As("team-lead", "T1").GetAsync("/api/rules")).StatusCode);
    }

    public void Dispose() => host.Dispose();
}
