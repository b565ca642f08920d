using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Serverless.CustomHandler;
using Serverless.Functions.Tests.Ingestion;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Telemetry;

/// <summary>
/// One export's journey is one trace: the score requests an import sends carry its W3C traceparent, and scoring each
/// one is a span of that trace, a child of the import's span (the spans caught by a processor of the handler's tracer provider).
/// </summary>
public sealed class TraceContextTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>The handler with every span of <see cref="Day"/> it ends caught in <paramref name="spans"/>.</summary>
    private HandlerHost Traced(List<Activity> spans) => new(new(azurite.ConnectionString)
    {
        ConfigureServices = services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new SpansOfTheDay(spans))),
    });

    /// <summary>
    /// A day no other test of this assembly imports or scores. A tracer provider hears every handler's spans in the
    /// process (activity listeners are process-wide) while other test classes run at the same time, so only this day's
    /// spans are kept, under a lock since they end on the other handlers' threads too.
    /// </summary>
    private static readonly DateOnly Day = new(2026, 9, 14);

    private sealed class SpansOfTheDay(List<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            var day = $"{Day:yyyy-MM-dd}";
            var ours = (string?)data.GetTagItem("points.day") == day
                || ((string?)data.GetTagItem("points.export.blob"))?.Contains($"/{day}/", StringComparison.Ordinal) == true;
            if (ours) lock (spans) spans.Add(data);
        }
    }

    private static bool ScoringOfTheDay(Activity span) => span.OperationName == "ScoreAgentDays score";

    [Fact]
    public async Task Every_score_request_an_import_sends_carries_its_trace_and_scoring_it_joins_that_trace()
    {
        var spans = new List<Activity>();
        await using var handler = Traced(spans);
        await handler.StartAsync();
        var blobName = $"calls/{Day:yyyy-MM-dd}/trace-center.csv";
        var csv = "call_id,agent_id,start_time,end_time,talk_seconds,hold_seconds,acw_seconds,caller\r\n"
            + string.Concat(Enumerable.Range(1, 6).Select(i => $"TR{i:D4},TR-A{i % 3},{Day:yyyy-MM-dd} 09:0{i}:00,{Day:yyyy-MM-dd} 09:0{i}:50,40,5,5,138****{i:D4}\r\n"));

        var messages = await ParseAsync(handler, blobName, Encoding.UTF8.GetBytes(csv));

        var import = Assert.Single(spans, s => s.OperationName == "ParseExport import" && (string?)s.GetTagItem("points.export.blob") == blobName);
        Assert.NotEmpty(messages);
        foreach (var message in messages)
        {
            var traceParent = message["traceparent"]?.GetValue<string>();
            Assert.True(ActivityContext.TryParse(traceParent, null, out var carried), $"no W3C traceparent in {message.ToJsonString()}");
            Assert.Equal(import.TraceId, carried.TraceId);
            Assert.Equal(import.SpanId, carried.SpanId);
        }

        foreach (var message in messages) await ScoreAsync(handler, message);

        var scoring = spans.Where(ScoringOfTheDay).ToList();
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
        await using var handler = Traced(spans);
        var message = new JsonObject { ["date"] = $"{Day:yyyy-MM-dd}", ["agentIds"] = new JsonArray("TR-OLD"), ["reason"] = "sent before traces", ["importId"] = null };

        await ScoreAsync(handler, message);

        var span = Assert.Single(spans, ScoringOfTheDay);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    /// <summary>Uploads the export and delivers its BlobCreated event as the ingestion tests do; returns the score requests sent.</summary>
    private static async Task<List<JsonObject>> ParseAsync(HandlerHost handler, string blobName, byte[] bytes)
    {
        var (reply, _) = await handler.DropAsync(blobName, bytes);
        return [.. reply.ScoreRequests.Select(m => JsonNode.Parse(m.GetRawText())!.AsObject())];
    }

    /// <summary>One delivery of the message as the host sends a Service Bus string body.</summary>
    private static Task ScoreAsync(HandlerHost handler, JsonObject message) =>
        handler.InvokeAsync("ScoreAgentDays", HostPayloads.ServiceBusInvocation("ScoreAgentDays", "scoreRequest", message.ToJsonString(), new ServiceBusMessageInfo(), handler.Now));
}
