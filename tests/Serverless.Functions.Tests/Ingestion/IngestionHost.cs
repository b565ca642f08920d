using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Serverless.CustomHandler;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Storage;

namespace Serverless.Functions.Tests.Ingestion;

/// <summary>
/// The real handler in-process on a given Azurite, driven as the Functions host drives it: an export is uploaded to
/// <c>exports</c>, then its Event Grid BlobCreated event is posted to <c>/ParseExport</c>. Every log line is captured.
/// </summary>
public sealed class IngestionHost : WebApplicationFactory<Program>
{
    private readonly string _storage;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 10, 2, 1, 0, 0, TimeSpan.FromHours(8)));
    private HttpClient? _client;

    public IngestionHost(string storageConnectionString) => _storage = storageConnectionString;

    public CapturedLogs Logs { get; } = new();

    public StorageClients Storage => StorageClients.FromConnectionString(_storage);

    private HttpClient Client => _client ??= CreateClient();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("AzureWebJobsStorage", _storage);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_clock));
    }

    /// <summary>Starts the handler (it creates the app's tables and containers) before anything is uploaded.</summary>
    public async Task StartAsync() => Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/")).StatusCode);

    /// <summary>Uploads (or overwrites) an export and delivers its BlobCreated event; returns the event for redelivery.</summary>
    public async Task<(InvocationReply Reply, string Event)> DropAsync(string blobName, byte[] bytes)
    {
        var gridEvent = await UploadAsync(blobName, bytes);
        return (await DeliverAsync(gridEvent), gridEvent);
    }

    /// <summary>Uploads (or overwrites) an export; returns its BlobCreated invocation as the Functions host sends it.</summary>
    public async Task<string> UploadAsync(string blobName, byte[] bytes)
    {
        await StartAsync();
        var blob = Storage.Blobs.GetBlobContainerClient(Containers.Exports).GetBlobClient(blobName);
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
        return HostPayloads.EventGridInvocation("ParseExport", "eventGridEvent", gridEvent, _clock.GetUtcNow()).ToJsonString();
    }

    /// <summary>Posts an event as the host would (again, for a redelivery).</summary>
    public async Task<InvocationReply> DeliverAsync(string gridEvent)
    {
        var response = await Client.PostAsync("/ParseExport", new StringContent(gridEvent, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"ParseExport answered {(int)response.StatusCode}: {body}");
        var json = JsonDocument.Parse(body).RootElement;
        var messages = json.GetProperty("Outputs").GetProperty("scoreRequests").EnumerateArray()
            .Select(m => JsonDocument.Parse(m.GetString()!).RootElement.Clone()).ToList();
        return new InvocationReply(messages, [.. json.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()!)]);
    }

    /// <summary>Delivers one score-request message to <c>/ScoreAgentDays</c> as Service Bus would.</summary>
    public async Task DeliverScoreRequestAsync(JsonElement message)
    {
        var body = new JsonObject { ["Data"] = new JsonObject { ["scoreRequest"] = JsonNode.Parse(message.GetRawText()) } }.ToJsonString();
        var response = await Client.PostAsync("/ScoreAgentDays", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"ScoreAgentDays answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<ImportRecord> StatusAsync(ExportKind kind, DateOnly date, string source) =>
        Assert.Single(await new ImportLog(Storage).ListAsync(date, kind, null, default), r => r.Source == source);

    public async Task<IReadOnlyList<ImportRecord>> StatusesAsync(ExportKind kind, DateOnly date) =>
        await new ImportLog(Storage).ListAsync(date, kind, null, default);

    public Task<IReadOnlyList<AgentDayMetrics>> MetricsAsync(DateOnly date) => new MetricsStore(Storage).GetDayAsync(date, default);

    /// <summary>The report JSON of an import.</summary>
    public async Task<JsonElement> ReportAsync(ImportRecord record)
    {
        Assert.NotNull(record.ReportBlob);
        var content = await Storage.Blobs.GetBlobContainerClient(Containers.Reports).GetBlobClient(record.ReportBlob).DownloadContentAsync();
        return JsonDocument.Parse(content.Value.Content.ToString()).RootElement.Clone();
    }

    /// <summary>The report's CSV of row errors, as lines after the header; empty when the import has none.</summary>
    public async Task<IReadOnlyList<string>> ErrorsCsvAsync(ImportRecord record)
    {
        var blob = Storage.Blobs.GetBlobContainerClient(Containers.Reports).GetBlobClient(record.ReportBlob![..^".json".Length] + ".errors.csv");
        if (!await blob.ExistsAsync()) return [];
        var lines = (await blob.DownloadContentAsync()).Value.Content.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("row,column,reason,value", lines[0]);
        return lines[1..];
    }

    public override async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>What one ParseExport invocation answered: its score-request messages and its log lines.</summary>
public sealed record InvocationReply(IReadOnlyList<JsonElement> ScoreRequests, IReadOnlyList<string> Logs)
{
    public IReadOnlyList<string> AgentsToScore =>
        [.. ScoreRequests.SelectMany(m => m.GetProperty("agentIds").EnumerateArray().Select(a => a.GetString()!))];
}
