using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;

using Serverless.Testing.Fakes;

namespace Serverless.Functions.Tests.Api;

/// <summary>
/// The real handler on a real Azurite, at a fixed Shanghai time (2026-11-10 10:00), with in-memory stand-ins only for
/// the ports other workers implement (ledger, running months, re-publish, re-score).
/// </summary>
public sealed class ApiHost(string storageConnectionString, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Now = new(2026, 11, 10, 10, 0, 0, TimeSpan.FromHours(8));

    public FakeTimeProvider Clock { get; } = new(Now);
    public InMemoryLedger Ledger { get; } = new();
    public InMemoryAgentMonthStore Months { get; } = new();
    public RecordingPublishing Publishing { get; } = new();
    public RecordingRescoring Rescoring { get; } = new();

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A client presenting <paramref name="roles"/> (comma-separated) and, for a team lead, a team.</summary>
    public HttpClient As(string? roles, string? team = null)
    {
        var client = CreateClient();
        if (roles is not null) client.DefaultRequestHeaders.Add("X-Points-Roles", roles);
        if (team is not null) client.DefaultRequestHeaders.Add("X-Points-Team", team);
        client.DefaultRequestHeaders.Add("X-Points-Caller", "test");
        return client;
    }

    public HttpClient Admin() => As("hr-admin");

    public HttpClient Reader() => As("hr-reader");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("AzureWebJobsStorage", storageConnectionString);
        builder.UseSetting("HrApi:Access:TrustPointsHeaders", "true"); // the tests play the front door
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<ILedger>(Ledger);
            services.AddSingleton<IAgentMonthStore>(Months);
            services.AddSingleton<IMonthPublishing>(Publishing);
            services.AddSingleton<IMonthRescoring>(Rescoring);
        });
    }
}

/// <summary>Reads a problem-details body.</summary>
public static class Problems
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<string> DetailAsync(HttpResponseMessage response) => (await ReadAsync(response)).GetRawText();
}

/// <summary>Records publish calls; answers the next version, or the status it was told to give for a month.</summary>
public sealed class RecordingPublishing : IMonthPublishing
{
    public List<(YearMonth Month, string Reason)> Calls { get; } = [];
    public Dictionary<YearMonth, MonthPublishingStatus> Answers { get; } = [];

    public Task<MonthPublishingResult> PublishAsync(YearMonth month, string reason, CancellationToken cancellationToken)
    {
        if (Answers.TryGetValue(month, out var status) && status != MonthPublishingStatus.Published)
        {
            return Task.FromResult(new MonthPublishingResult(status, month, null, $"{month}: {status}", status == MonthPublishingStatus.Busy ? TimeSpan.FromSeconds(12) : null));
        }
        Calls.Add((month, reason));
        return Task.FromResult(new MonthPublishingResult(MonthPublishingStatus.Published, month,
            new PublishedVersion(month, 1 + Calls.Count(c => c.Month == month), "2026.1", ApiHost.Now, reason), "published"));
    }
}

/// <summary>Records re-score calls.</summary>
public sealed class RecordingRescoring : IMonthRescoring
{
    public List<(YearMonth Month, string Reason)> Calls { get; } = [];

    public Task<RescoreSummary> RescoreAsync(YearMonth month, string reason, CancellationToken cancellationToken)
    {
        Calls.Add((month, reason));
        return Task.FromResult(new RescoreSummary(month, 42, 7));
    }
}
