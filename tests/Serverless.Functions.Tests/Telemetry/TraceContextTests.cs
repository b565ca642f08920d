using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;
using Serverless.CustomHandler;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Telemetry;

/// <summary>
/// One export's journey is one trace: the score requests an import sends carry its W3C traceparent, and scoring each
/// one is a span of that trace, a child of the import's span (spans caught by OpenTelemetry's in-memory exporter).
/// </summary>
public sealed class TraceContextTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private sealed class TracedHandler(string storage, List<Activity> spans) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("AzureWebJobsStorage", storage);
            builder.UseSetting(TestingClock.Setting, TestingClock.Format(TestClock.Ambient)); // the test's clock, not the machine's
            builder.ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        }
    }

    private static readonly DateOnly Day = new(2026, 9, 14);

    [Fact]
    public async Task Every_score_request_an_import_sends_carries_its_trace_and_scoring_it_joins_that_trace()
    {
        var spans = new List<Activity>();
        await using var handler = new TracedHandler(azurite.ConnectionString, spans);
        using var client = handler.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        var blobName = $"calls/{Day:yyyy-MM-dd}/trace-center.csv";
        var csv = "call_id,agent_id,start_time,end_time,talk_seconds,hold_seconds,acw_seconds,caller\r\n"
            + string.Concat(Enumerable.Range(1, 6).Select(i => $"TR{i:D4},TR-A{i % 3},{Day:yyyy-MM-dd} 09:0{i}:00,{Day:yyyy-MM-dd} 09:0{i}:50,40,5,5,138****{i:D4}\r\n"));

        var messages = await ParseAsync(client, blobName, Encoding.UTF8.GetBytes(csv));

        var import = Assert.Single(spans, s => s.OperationName == "ParseExport import" && (string?)s.GetTagItem("points.export.blob") == blobName);
        Assert.NotEmpty(messages);
        foreach (var message in messages)
        {
            var traceParent = message["traceparent"]?.GetValue<string>();
            Assert.True(ActivityContext.TryParse(traceParent, null, out var carried), $"no W3C traceparent in {message.ToJsonString()}");
            Assert.Equal(import.TraceId, carried.TraceId);
            Assert.Equal(import.SpanId, carried.SpanId);
        }

        foreach (var message in messages) await ScoreAsync(client, message);

        var scoring = spans.Where(s => s.OperationName == "ScoreAgentDays score").ToList();
        Assert.Equal(messages.Count, scoring.Count);
        Assert.All(scoring, s =>
        {
            Assert.Equal(import.TraceId, s.TraceId);
            Assert.Equal(import.SpanId, s.ParentSpanId);
        });
    }

    [Fact]
    public async Task A_score_request_without_a_traceparent_is_still_scored_in_a_trace_of_its_own()
    {
        var spans = new List<Activity>();
        await using var handler = new TracedHandler(azurite.ConnectionString, spans);
        using var client = handler.CreateClient();
        var message = new JsonObject { ["date"] = $"{Day:yyyy-MM-dd}", ["agentIds"] = new JsonArray("TR-OLD"), ["reason"] = "sent before traces", ["importId"] = null };

        await ScoreAsync(client, message);

        var span = Assert.Single(spans, s => s.OperationName == "ScoreAgentDays score");
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    private async Task<List<JsonObject>> ParseAsync(HttpClient client, string blobName, byte[] bytes)
    {
        var blob = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(Containers.Exports).GetBlobClient(blobName);
        var uploaded = await blob.UploadAsync(BinaryData.FromBytes(bytes), overwrite: true);
        var gridEvent = HostPayloads.BlobCreatedEvent(new BlobCreatedInfo
        {
            AccountName = blob.AccountName,
            Container = Containers.Exports,
            BlobName = blobName,
            Url = blob.Uri.ToString(),
            ETag = uploaded.Value.ETag.ToString(),
            ContentLength = bytes.Length,
            EventTime = TestClock.Ambient,
        });
        var invocation = HostPayloads.EventGridInvocation("ParseExport", "eventGridEvent", gridEvent, TestClock.Ambient);
        var response = await client.PostAsync("/ParseExport", new StringContent(invocation.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"ParseExport answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["Outputs"]!["scoreRequests"]!.AsArray().Select(m => JsonNode.Parse(m!.GetValue<string>())!.AsObject()).ToList();
    }

    private static async Task ScoreAsync(HttpClient client, JsonObject message)
    {
        // As the host sends a Service Bus string body: the message's JSON text, serialised once more.
        var payload = new JsonObject
        {
            ["Data"] = new JsonObject { ["scoreRequest"] = JsonSerializer.Serialize(message.ToJsonString()) },
            ["Metadata"] = new JsonObject { ["DeliveryCount"] = 1 },
        };
        var response = await client.PostAsync("/ScoreAgentDays", new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"ScoreAgentDays answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
