using System.Diagnostics;
using System.Diagnostics.Metrics;
using Serverless.Application.UseCases;
using Serverless.Application.Ports;

namespace Serverless.Functions.Telemetry;

/// <summary>
/// The handler's own spans and the figures a person running the center watches: files imported and rejected, rows,
/// agent-days scored, score latency, month-close duration, dead-lettered score requests. Tags carry kinds, statuses and
/// days only: never agent names, caller numbers, keys or tokens.
/// </summary>
public sealed class PipelineTelemetry : IDisposable
{
    public const string Name = "Serverless.Points";

    private readonly TimeProvider time;
    private readonly Counter<long> filesImported;
    private readonly Counter<long> filesRejected;
    private readonly Counter<long> rows;
    private readonly Counter<long> agentDaysScored;
    private readonly Counter<long> deadLettered;
    private readonly Histogram<double> scoreLatency;
    private readonly Histogram<double> monthCloseDuration;

    public PipelineTelemetry(IMeterFactory meters, TimeProvider time)
    {
        this.time = time;
        Source = new ActivitySource(Name);
        var meter = meters.Create(Name);
        filesImported = meter.CreateCounter<long>("points.import.files", "{file}", "Export files imported, by kind and status (accepted, acceptedwitherrors, rejected, duplicate).");
        filesRejected = meter.CreateCounter<long>("points.import.rejected", "{file}", "Export files rejected as a whole, by kind.");
        rows = meter.CreateCounter<long>("points.import.rows", "{row}", "Data rows read from export files, by kind.");
        agentDaysScored = meter.CreateCounter<long>("points.score.agent_days", "{agent-day}", "Agent-days scored.");
        deadLettered = meter.CreateCounter<long>("points.score.dead_lettered", "{message}", "Score requests failed on their last delivery: Service Bus dead-letters them.");
        scoreLatency = meter.CreateHistogram<double>("points.score.duration", "s", "Time to score one score request.");
        monthCloseDuration = meter.CreateHistogram<double>("points.month_close.duration", "s", "Time of one month close (PublishMonth), by outcome.");
    }

    public ActivitySource Source { get; }

    public long Timestamp() => time.GetTimestamp();

    public TimeSpan Since(long timestamp) => time.GetElapsedTime(timestamp);

    /// <summary>The import of one export blob: the span every score request it causes continues.</summary>
    public Activity? StartImport(string blobName)
    {
        var activity = Source.StartActivity("ParseExport import", ActivityKind.Consumer);
        activity?.SetTag("points.export.blob", blobName);
        return activity;
    }

    public void Imported(Activity? activity, ImportResult result, int scoreRequests)
    {
        if (result.Record is not { } record) return;
        var kind = record.Kind.ToString().ToLowerInvariant();
        var status = record.Status.ToString().ToLowerInvariant();
        filesImported.Add(1, new("kind", kind), new("status", status));
        if (record.Status == ImportStatus.Rejected) filesRejected.Add(1, new KeyValuePair<string, object?>("kind", kind));
        if (record.DataRows > 0) rows.Add(record.DataRows, new KeyValuePair<string, object?>("kind", kind));
        activity?.SetTag("points.export.kind", kind);
        activity?.SetTag("points.import.status", status);
        activity?.SetTag("points.import.rows", record.DataRows);
        activity?.SetTag("points.score_requests", scoreRequests);
        if (record.Status == ImportStatus.Rejected) activity?.SetStatus(ActivityStatusCode.Error, "export rejected");
    }

    /// <summary>The W3C traceparent a score request carries, so its scoring joins the import's trace.</summary>
    public static string? TraceParent(Activity? activity) =>
        (activity ?? Activity.Current) is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>Scoring one request, as a child of the import that sent it when the message carries its traceparent.</summary>
    public Activity? StartScoring(string? traceParent, DateOnly date, int agents, int deliveryCount)
    {
        var links = Activity.Current is { } http ? new[] { new ActivityLink(http.Context) } : null;
        var activity = ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent)
            ? Source.StartActivity("ScoreAgentDays score", ActivityKind.Consumer, parent, links: links)
            : Source.StartActivity("ScoreAgentDays score", ActivityKind.Consumer);
        activity?.SetTag("points.day", date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        activity?.SetTag("points.agents", agents);
        activity?.SetTag("messaging.message.delivery_count", deliveryCount);
        return activity;
    }

    public void Scored(int agentDays, TimeSpan elapsed)
    {
        agentDaysScored.Add(agentDays);
        scoreLatency.Record(elapsed.TotalSeconds);
    }

    public void ScoringFailed(Activity? activity, Exception error, int deliveryCount, int maxDeliveryCount)
    {
        activity?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        if (deliveryCount >= maxDeliveryCount) deadLettered.Add(1, new KeyValuePair<string, object?>("queue", "score-requests"));
    }

    public void MonthClosed(TimeSpan elapsed, string outcome) =>
        monthCloseDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));

    public void Dispose() => Source.Dispose();
}
