using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;
using Serverless.Domain.Jobs;

namespace Serverless.Functions.Tests.Api;

/// <summary>
/// The HR API's tests' host: the real handler on a real Azurite, at a fixed Shanghai time (2026-11-10 10:00), trusting
/// the role headers (the tests play the front door), with in-memory stand-ins only for the ports other workers implement
/// (ledger, running months, re-publish, re-score).
/// </summary>
public static class ApiHost
{
    public static readonly DateTimeOffset Now = new(2026, 11, 10, 10, 0, 0, TimeSpan.FromHours(8));

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static HandlerHostOptions Options(string storageConnectionString) => new HandlerHostOptions(storageConnectionString)
    {
        Clock = new FakeTimeProvider(Now),
        TrustRoleHeaders = true,
    }.WithInMemoryScoring().Replace<IMonthPublishing>(new RecordingPublishing()).Replace<IMonthRescoring>(new RecordingRescoring());

    /// <summary>The publish calls the API made.</summary>
    public static RecordingPublishing Publishing(this HandlerHost host) => host.Replaced<RecordingPublishing>();

    /// <summary>The re-score calls the API made.</summary>
    public static RecordingRescoring Rescoring(this HandlerHost host) => host.Replaced<RecordingRescoring>();
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

    public Task<MonthPublishingResult> PublishAsync(YearMonth month, string reason, bool acceptGaps, CancellationToken cancellationToken)
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

/// <summary>Records re-score starts and keeps their jobs, queued, in memory (the queue and its function are other tests').</summary>
public sealed class RecordingRescoring : IMonthRescoring
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RescoreJob> _jobs = new(StringComparer.Ordinal);

    public List<(YearMonth Month, string Reason)> Calls { get; } = [];

    public Task<RescoreStart> StartAsync(string jobId, YearMonth month, string reason, string requestedBy, CancellationToken cancellationToken)
    {
        if (_jobs.TryGetValue(jobId, out var existing)) return Task.FromResult(new RescoreStart(existing, Existing: true));
        Calls.Add((month, reason));
        var job = _jobs.GetOrAdd(jobId, RescoreJob.Queue(jobId, month, reason, requestedBy, ApiHost.Now));
        return Task.FromResult(new RescoreStart(job, Existing: false));
    }

    public Task<RescoreStart> StartWhatIfAsync(string jobId, YearMonth month, string rulesVersion, string requestedBy, CancellationToken cancellationToken)
    {
        if (_jobs.TryGetValue(jobId, out var existing)) return Task.FromResult(new RescoreStart(existing, Existing: true));
        var job = _jobs.GetOrAdd(jobId, RescoreJob.QueueWhatIf(jobId, month, rulesVersion, requestedBy, ApiHost.Now));
        Calls.Add((month, job.Reason));
        return Task.FromResult(new RescoreStart(job, Existing: false));
    }

    public Task<RescoreJob?> GetAsync(string jobId, CancellationToken cancellationToken) =>
        Task.FromResult(_jobs.TryGetValue(jobId, out var job) ? job : null);
}
