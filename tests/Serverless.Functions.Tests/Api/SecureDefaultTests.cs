using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Serverless.CustomHandler;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Api;

/// <summary>
/// Secure by default: a deployed app that nobody configured believes no <c>X-Points-*</c> header, so a function key
/// alone cannot make its holder HR. Only the setting turns them on (the local host, local.settings.json and tests do).
/// </summary>
public sealed class SecureDefaultTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private sealed class UnconfiguredHandler(string storage, string? trust) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("AzureWebJobsStorage", storage);
            builder.UseSetting(TestingClock.Setting, TestingClock.Format(TestClock.Ambient)); // the test's clock, not the machine's
            if (trust is not null) builder.UseSetting("HrApi:Access:TrustPointsHeaders", trust);
        }
    }

    private static HttpClient ClaimingHrAdmin(WebApplicationFactory<Program> factory)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Points-Roles", "hr-admin");
        client.DefaultRequestHeaders.Add("X-Points-Caller", "someone with a key");
        return client;
    }

    private static object Agent => new { agentId = "S0001", name = "张伟", department = "客服一部", specialty = "电费", team = "T1", hireDate = "2024-03-15", status = "active" };

    [Fact]
    public async Task Without_the_setting_an_X_Points_Roles_header_is_ignored_and_the_caller_is_anonymous()
    {
        await using var handler = new UnconfiguredHandler(azurite.ConnectionString, trust: null);
        using var client = ClaimingHrAdmin(handler);

        var write = await client.PutAsJsonAsync("/api/agents/S0001", Agent);
        var read = await client.GetAsync("/api/agents?pageSize=1");

        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);
    }

    [Fact]
    public async Task With_the_setting_on_the_same_header_is_believed()
    {
        await using var handler = new UnconfiguredHandler(azurite.ConnectionString, trust: "true");
        using var client = ClaimingHrAdmin(handler);

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/agents/S0001", Agent)).StatusCode);
    }

    [Fact]
    public void Local_runs_turn_the_headers_on_explicitly_and_nothing_else_does()
    {
        var local = JsonNode.Parse(File.ReadAllText(Path.Combine(AzuriteFixture.RepoRoot, "local.settings.json")))!;
        Assert.Equal("true", local["Values"]?["HrApi__Access__TrustPointsHeaders"]?.GetValue<string>());
        Assert.False(new Serverless.Functions.Api.AccessSettings().TrustPointsHeaders);
    }
}
