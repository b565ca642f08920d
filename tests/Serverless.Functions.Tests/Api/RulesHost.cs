using System.Net;
using System.Net.Http.Json;
using System.Text;
using Serverless.Domain.Scoring;

namespace Serverless.Functions.Tests.Api;

/// <summary>The rules tests' steps: named hr-admins (four eyes need two names), a preset-based rules file, and posting a version that takes effect (posted by one admin, approved by another).</summary>
public static class RulesHost
{
    /// <summary>An hr-admin client with a caller name, as the front door sets it (<c>X-Points-Caller</c>).</summary>
    public static HttpClient AdminCalled(this HandlerHost host, string name)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Points-Roles", "hr-admin");
        client.DefaultRequestHeaders.Add("X-Points-Caller", name);
        return client;
    }

    /// <summary>The positive-incentive preset as version <paramref name="version"/> from <paramref name="effectiveFrom"/>, with any further text edits.</summary>
    public static string RulesJson(string version, string effectiveFrom, params (string From, string To)[] edits)
    {
        var json = RulePresets.ReadJson(RulePresets.PositiveIncentive)
            .Replace("\"version\": \"2026.1\"", $"\"version\": \"{version}\"", StringComparison.Ordinal)
            .Replace("\"effectiveFrom\": \"2026-01-01\"", $"\"effectiveFrom\": \"{effectiveFrom}\"", StringComparison.Ordinal);
        foreach (var (from, to) in edits)
        {
            Assert.Contains(from, json, StringComparison.Ordinal); // the preset still has the text the edit expects
            json = json.Replace(from, to, StringComparison.Ordinal);
        }
        return json;
    }

    public static StringContent Content(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Posts a rules file as the draft of one hr-admin and approves it as another: the version is then in force from its date.</summary>
    public static async Task PostApprovedRulesAsync(this HandlerHost host, string json, string version)
    {
        using var author = host.AdminCalled("rules-author");
        using var approver = host.AdminCalled("rules-approver");
        var posted = await author.PostAsync("/api/rules", Content(json));
        Assert.True(posted.StatusCode == HttpStatusCode.Created, await posted.Content.ReadAsStringAsync());
        var approved = await approver.PostAsJsonAsync($"/api/rules/{version}/approve", new { reason = "four eyes" });
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
    }
}
