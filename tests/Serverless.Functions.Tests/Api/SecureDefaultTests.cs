using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Api;

/// <summary>
/// Secure by default: a deployed app that nobody configured believes no <c>X-Points-*</c> header, so a function key
/// alone cannot make its holder HR. Only the setting turns them on (the local host, local.settings.json and tests do).
/// </summary>
public sealed class SecureDefaultTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static HttpClient ClaimingHrAdmin(HandlerHost handler)
    {
        var client = handler.CreateClient();
        client.DefaultRequestHeaders.Add("X-Points-Roles", "hr-admin");
        client.DefaultRequestHeaders.Add("X-Points-Caller", "someone with a key");
        return client;
    }

    private static object Agent => new { agentId = "S0001", name = "张伟", department = "客服一部", specialty = "电费", team = "T1", hireDate = "2024-03-15", status = "active" };

    [Fact]
    public async Task Without_the_setting_an_X_Points_Roles_header_is_ignored_and_the_caller_is_anonymous()
    {
        await using var handler = new HandlerHost(new(azurite.ConnectionString));
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
        await using var handler = new HandlerHost(new(azurite.ConnectionString) { TrustRoleHeaders = true });
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

    /// <summary>
    /// Easy Auth in Azure lets unauthenticated requests through (<c>AllowAnonymous</c> in infra/modules/functionapp.bicep)
    /// so that a browser opening the web app can be sent to sign in; the app itself refuses them. Every <c>/api</c>
    /// route of the route table (a new one is covered without touching this test) but the health check and the OpenAPI
    /// document answers a caller without a principal 401 problem, and the web app sends that caller to Entra ID sign-in.
    /// </summary>
    [Fact]
    public async Task With_Easy_Auth_letting_anonymous_requests_through_the_app_refuses_every_api_route_and_sends_browsers_to_sign_in()
    {
        await using var handler = new HandlerHost(new(azurite.ConnectionString));
        using var anonymous = handler.CreateClient(new() { AllowAutoRedirect = false });
        var open = new[] { "/api/health", "/api/openapi.json" };
        var checkedRoutes = 0;
        foreach (var endpoint in handler.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var template = endpoint.RoutePattern.RawText?.TrimEnd('/');
            if (template is null || !template.StartsWith("/api/", StringComparison.Ordinal) || open.Contains(template)) continue;
            var path = endpoint.RoutePattern.Parameters.Aggregate(template, (t, p) => System.Text.RegularExpressions.Regex.Replace(t, "\\{\\*?" + p.Name + "[^}]*\\}", Plausible(p.Name)));
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT" or "PATCH") request.Content = JsonContent.Create(new { });
                var response = await anonymous.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered an anonymous caller {(int)response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                checkedRoutes++;
            }
        }
        Assert.True(checkedRoutes >= 20, $"only {checkedRoutes} routes found");

        var page = await anonymous.GetAsync("/app");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/.auth/login/aad", page.Headers.Location?.OriginalString);
    }

    /// <summary>A value each route parameter's constraint accepts, so the request reaches authorization, not a 404.</summary>
    private static string Plausible(string parameter) => parameter switch
    {
        "month" => "2026-10",
        "date" => "2026-10-01",
        "version" => "2026.1",
        "file" => "ranking.csv",
        _ => "E0001",
    };
}
