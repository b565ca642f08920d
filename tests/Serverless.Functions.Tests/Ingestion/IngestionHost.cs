using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Serverless.CustomHandler;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Storage;

namespace Serverless.Functions.Tests.Ingestion;

/// <summary>
/// The ingestion tests' host and steps: the real handler in-process on a given Azurite, driven as the Functions host
/// drives it (an export is uploaded to <c>exports</c>, then its Event Grid BlobCreated event is posted to
/// <c>/ParseExport</c>), with every log line captured.
/// </summary>
public static class IngestionHost
{
    public static HandlerHostOptions Options(string storageConnectionString) => new(storageConnectionString)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 2, 1, 0, 0, TimeSpan.FromHours(8))),
        Logs = new CapturedLogs(),
    };

    /// <summary>Uploads (or overwrites) an export and delivers its BlobCreated event; returns the event for redelivery.</summary>
    public static async Task<(InvocationReply Reply, string Event)> DropAsync(this HandlerHost host, string blobName, byte[] bytes)
    {
        var gridEvent = await host.UploadAsync(blobName, bytes);
        return (await host.DeliverAsync(gridEvent), gridEvent);
    }

    /// <summary>Uploads (or overwrites) an export; returns its BlobCreated invocation as the Functions host sends it.</summary>
    public static async Task<string> UploadAsync(this HandlerHost host, string blobName, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(bytes);
        await host.StartAsync();
        var blob = host.Storage.Blobs.GetBlobContainerClient(Containers.Exports).GetBlobClient(blobName);
        var uploaded = await blob.UploadAsync(BinaryData.FromBytes(bytes), overwrite: true);
        var gridEvent = HostPayloads.BlobCreatedEvent(new BlobCreatedInfo
        {
            AccountName = blob.AccountName,
            Container = Containers.Exports,
            BlobName = blobName,
            Url = blob.Uri.ToString(),
            ETag = uploaded.Value.ETag.ToString(),
            ContentLength = bytes.Length,
            EventTime = new DateTimeOffset(2026, 10, 1, 16, 5, 12, TimeSpan.Zero),
        });
        return HostPayloads.EventGridInvocation("ParseExport", "eventGridEvent", gridEvent, host.Now).ToJsonString();
    }

    /// <summary>Posts an event as the host would (again, for a redelivery).</summary>
    public static async Task<InvocationReply> DeliverAsync(this HandlerHost host, string invocation)
    {
        ArgumentNullException.ThrowIfNull(host);
        var json = await host.InvokeAsync("ParseExport", invocation);
        var messages = json.GetProperty("Outputs").GetProperty("scoreRequests").EnumerateArray()
            .Select(m => JsonDocument.Parse(m.GetString()!).RootElement.Clone()).ToList();
        return new InvocationReply(messages, [.. json.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()!)]);
    }

    /// <summary>Delivers one score-request message to <c>/ScoreAgentDays</c> as Service Bus would.</summary>
    public static async Task DeliverScoreRequestAsync(this HandlerHost host, JsonElement message)
    {
        ArgumentNullException.ThrowIfNull(host);
        await host.InvokeAsync("ScoreAgentDays", HostPayloads.ServiceBusInvocation("ScoreAgentDays", "scoreRequest", message.GetRawText(), new ServiceBusMessageInfo(), host.Now));
    }

    public static async Task<ImportRecord> StatusAsync(this HandlerHost host, ExportKind kind, DateOnly date, string source) =>
        Assert.Single(await host.StatusesAsync(kind, date), r => r.Source == source);

    public static async Task<IReadOnlyList<ImportRecord>> StatusesAsync(this HandlerHost host, ExportKind kind, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(host);
        return await new ImportLog(host.Storage).ListAsync(date, kind, null, default);
    }

    public static Task<IReadOnlyList<AgentDayMetrics>> MetricsAsync(this HandlerHost host, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new MetricsStore(host.Storage).GetDayAsync(date, default);
    }

    /// <summary>The report JSON of an import.</summary>
    public static async Task<JsonElement> ReportAsync(this HandlerHost host, ImportRecord record)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(record);
        Assert.NotNull(record.ReportBlob);
        var content = await host.Storage.Blobs.GetBlobContainerClient(Containers.Reports).GetBlobClient(record.ReportBlob).DownloadContentAsync();
        return JsonDocument.Parse(content.Value.Content.ToString()).RootElement.Clone();
    }

    /// <summary>The report's CSV of row errors, as lines after the header; empty when the import has none.</summary>
    public static async Task<IReadOnlyList<string>> ErrorsCsvAsync(this HandlerHost host, ImportRecord record)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(record);
        var blob = host.Storage.Blobs.GetBlobContainerClient(Containers.Reports).GetBlobClient(record.ReportBlob![..^".json".Length] + ".errors.csv");
        if (!await blob.ExistsAsync()) return [];
        var lines = (await blob.DownloadContentAsync()).Value.Content.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("row,column,reason,value", lines[0]);
        return lines[1..];
    }
}

/// <summary>What one ParseExport invocation answered: its score-request messages and its log lines.</summary>
public sealed record InvocationReply(IReadOnlyList<JsonElement> ScoreRequests, IReadOnlyList<string> Logs)
{
    public IReadOnlyList<string> AgentsToScore =>
        [.. ScoreRequests.SelectMany(m => m.GetProperty("agentIds").EnumerateArray().Select(a => a.GetString()!))];
}
