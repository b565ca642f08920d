using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Time.Testing;
using Serverless.Application.UseCases;
using Serverless.CustomHandler;

namespace Serverless.Functions.Tests.MonthClose;

/// <summary>
/// The month-close tests' host and steps: the real handler in-process on Azurite, with a fake clock, trusting the role
/// headers (HR's publish route is called with <c>X-Points-Roles</c>), and the two ports scoring implements (agent
/// months, ledger) replaced by in-memory doubles; publications, standings, roster, awards and rules are the real table
/// and blob adapters.
/// </summary>
public static class MonthCloseHost
{
    public static HandlerHostOptions Options(string storageConnectionString, FakeTimeProvider clock) =>
        new HandlerHostOptions(storageConnectionString) { Clock = clock, TrustRoleHeaders = true }.WithInMemoryScoring();

    public static MonthPublisher Publisher(this HandlerHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Get<MonthPublisher>();
    }

    public static BlobServiceClient Blobs(this HandlerHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Storage.Blobs;
    }

    /// <summary>
    /// Invokes PublishMonth as the Functions host's timer does on a later run (the last occurrence a month before the
    /// host's clock, not past due), and returns its log line.
    /// </summary>
    public static async Task<string> RunTimerAsync(this HandlerHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var now = host.Clock.GetUtcNow();
        var timer = new TimerInfo
        {
            Schedule = new TimerSchedule(AdjustForDst: true),
            ScheduleStatus = new TimerScheduleStatus(now.AddMonths(-1), now.AddMonths(1), now.AddMonths(-1)),
            IsPastDue = false,
        };
        var answer = await host.InvokeAsync("PublishMonth", HostPayloads.TimerInvocation("PublishMonth", "timer", timer, now));
        return answer.GetProperty("Logs")[0].GetString()!;
    }

    /// <summary>Every blob under a container's prefix, name → (bytes, ETag).</summary>
    public static async Task<SortedDictionary<string, (byte[] Bytes, string ETag)>> SnapshotAsync(this HandlerHost host, string container, string prefix)
    {
        var found = new SortedDictionary<string, (byte[], string)>(StringComparer.Ordinal);
        var client = host.Blobs().GetBlobContainerClient(container);
        await foreach (var item in client.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, default))
        {
            var content = await client.GetBlobClient(item.Name).DownloadContentAsync();
            found[item.Name] = (content.Value.Content.ToArray(), content.Value.Details.ETag.ToString());
        }
        return found;
    }
}
