using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Domain.Metrics;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Api;

/// <summary>The talent pool over HTTP, from the latest published month and the roster's hire dates.</summary>
public sealed class TalentApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly HandlerHost host = new(ApiHost.Options(azurite.ConnectionString));

    [Fact]
    public async Task The_pool_lists_active_agents_by_cumulative_points_with_stars_and_tenure_filters()
    {
        using var admin = host.Admin();
        Assert.Equal(HttpStatusCode.NotFound, (await host.Reader().GetAsync("/api/talent")).StatusCode);
        var roster = new[]
        {
            new { agentId = "T1", name = "甲", department = "客服一部", specialty = "电费", team = "A", hireDate = "2020-01-01", status = "active" },
            new { agentId = "T2", name = "乙", department = "客服一部", specialty = "电费", team = "A", hireDate = "2026-06-01", status = "active" },
            new { agentId = "T3", name = "丙", department = "客服一部", specialty = "电费", team = "A", hireDate = "2019-01-01", status = "left" },
            new { agentId = "T4", name = "丁", department = "客服一部", specialty = "电费", team = "A", hireDate = "2021-01-01", status = "active" },
        };
        (await admin.PutAsJsonAsync("/api/agents", roster)).EnsureSuccessStatusCode();
        await PublishedMonthSeed.PublishAsync(azurite.ConnectionString, new YearMonth(2026, 10), 1,
        [
            PublishedMonthSeed.Standing("T1", 50, before: 1500), PublishedMonthSeed.Standing("T2", 50, before: 2000),
            PublishedMonthSeed.Standing("T3", 50, before: 3000), PublishedMonthSeed.Standing("T4", 50, before: 1100),
        ]);

        var pool = await host.Reader().GetFromJsonAsync<JsonElement>("/api/talent?top=26&minStars=3&minTenureMonths=12");

        Assert.Equal("2026-10", pool.GetProperty("basedOnMonth").GetString());
        Assert.Equal(["T1", "T4"], pool.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("agentId").GetString()));
        Assert.Equal(3, pool.GetProperty("candidates")[0].GetProperty("stars").GetInt32());
    }

    [Theory]
    [InlineData("top=0")]
    [InlineData("top=501")]
    [InlineData("minStars=-1")]
    [InlineData("minTenureMonths=601")]
    public async Task Out_of_bounds_filters_are_validation_problems(string query)
    {
        var response = await host.Reader().GetAsync("/api/talent?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await Problems.ReadAsync(response);
    }

    [Fact]
    public async Task A_team_lead_cannot_read_the_talent_pool() =>
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As("team-lead", "A").GetAsync("/api/talent")).StatusCode);

    public void Dispose() => host.Dispose();
}
