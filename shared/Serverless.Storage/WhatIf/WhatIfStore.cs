using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Serverless.Application.Ports;
using Serverless.Domain.Publishing;
using Serverless.Domain.Scoring;

namespace Serverless.Storage;

/// <summary>
/// What-if jobs' output in the <c>whatif</c> container, one folder a job, apart from the published months' containers:
/// <c>{job}/days/{yyyy-MM-dd}.json.gz</c>, the day as the draft scored it (one line per agent: department and the day's
/// figures, gzip'd JSON; overwritten whole when a redelivered step scores the day again), and the report
/// <c>{job}/what-if.json</c> and <c>{job}/what-if.csv</c>. No ledger, month row or month file is written.
/// </summary>
public sealed class WhatIfStore(StorageClients storage) : IWhatIfStore
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private BlobContainerClient Container => storage.Blobs.GetBlobContainerClient(Containers.WhatIf);

    public static string DayBlob(string jobId, DateOnly day) => $"{jobId}/days/{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.json.gz";

    public static string ReportBlob(string jobId, string fileName) => $"{jobId}/{fileName}";

    public async Task PutDayAsync(string jobId, DateOnly day, IReadOnlyList<WhatIfAgentDay> agents, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentNullException.ThrowIfNull(agents);
        using var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            await JsonSerializer.SerializeAsync(gzip, agents.Select(DayLine.Of).ToList(), Options, cancellationToken);
        }
        buffer.Position = 0;
        await UploadAsync(DayBlob(jobId, day), buffer, "application/gzip", cancellationToken);
    }

    public async Task<IReadOnlyList<WhatIfAgentDay>> GetDaysAsync(string jobId, IReadOnlyCollection<DateOnly> days, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentNullException.ThrowIfNull(days);
        var read = await Task.WhenAll(days.Order().Select(async day =>
        {
            try
            {
                var download = await Container.GetBlobClient(DayBlob(jobId, day)).DownloadStreamingAsync(cancellationToken: cancellationToken);
                await using var content = download.Value.Content;
                await using var gzip = new GZipStream(content, CompressionMode.Decompress);
                var lines = await JsonSerializer.DeserializeAsync<List<DayLine>>(gzip, Options, cancellationToken) ?? [];
                return lines.Select(l => l.ToDay(day)).ToList();
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                throw new InvalidOperationException($"What-if {jobId}: {day:yyyy-MM-dd} is recorded scored but its output {DayBlob(jobId, day)} is missing.", ex);
            }
        }));
        return [.. read.SelectMany(d => d)];
    }

    public async Task PutReportAsync(string jobId, string fileName, byte[] content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentNullException.ThrowIfNull(content);
        using var stream = new MemoryStream(content, writable: false);
        await UploadAsync(ReportBlob(jobId, fileName), stream, ContentTypeOf(fileName), cancellationToken);
    }

    public async Task<PublishedFileContent?> OpenReportAsync(string jobId, string fileName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        try
        {
            var download = await Container.GetBlobClient(ReportBlob(jobId, fileName)).DownloadStreamingAsync(cancellationToken: cancellationToken);
            var details = download.Value.Details;
            return new PublishedFileContent(download.Value.Content, ContentTypeOf(fileName), details.ContentLength, details.ETag.ToString("H"), details.LastModified);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static string ContentTypeOf(string fileName) =>
        fileName.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";

    private async Task UploadAsync(string name, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } };
        try
        {
            await Container.GetBlobClient(name).UploadAsync(content, options, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // A store older than the container (created at start by StorageInitializer): make it and write again.
            await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            content.Position = 0;
            await Container.GetBlobClient(name).UploadAsync(content, options, cancellationToken);
        }
    }

    /// <summary>One agent's scored day in a day blob: short names, since a day at 20,000 agents is 20,000 of them.</summary>
    private sealed record DayLine(
        [property: JsonPropertyName("a")] string AgentId,
        [property: JsonPropertyName("d")] string Department,
        [property: JsonPropertyName("c")] int Calls,
        [property: JsonPropertyName("p")] int Pushed,
        [property: JsonPropertyName("sa")] int Answered,
        [property: JsonPropertyName("ss")] int Satisfied,
        [property: JsonPropertyName("qi")] int Inspected,
        [property: JsonPropertyName("qe")] int Errors,
        [property: JsonPropertyName("ce")] int Conduct,
        [property: JsonPropertyName("cs")] int Severity,
        [property: JsonPropertyName("s")] long[][]? Scheduled,
        [property: JsonPropertyName("w")] int WorkItemDays,
        [property: JsonPropertyName("pt")] Dictionary<string, decimal>? Points,
        [property: JsonPropertyName("m")] Dictionary<string, long[]>? Measures,
        [property: JsonPropertyName("h")] int Help = 0,
        [property: JsonPropertyName("hs")] long HandleSeconds = 0,
        [property: JsonPropertyName("qn")] int QualityScored = 0,
        [property: JsonPropertyName("qs")] decimal QualityScoreSum = 0,
        [property: JsonPropertyName("ic")] int Identified = 0,
        [property: JsonPropertyName("rc")] int Repeats = 0)
    {
        public static DayLine Of(WhatIfAgentDay day)
        {
            var f = day.Figures;
            return new DayLine(
                day.AgentId, day.Department, f.AnsweredCalls, f.SurveysPushed, f.SurveysAnswered, f.SurveysSatisfied, f.CallsInspected, f.Errors,
                f.ConductEvents, f.ConductSeverity,
                f.ScheduledDays.Count == 0 ? null : [.. f.ScheduledDays.Select(s => new[] { s.SignedInSeconds, s.ScheduledSeconds })],
                f.WorkItemDays,
                f.DailyPoints.Count == 0 ? null : f.DailyPoints.ToDictionary(p => p.Key.ToString(), p => p.Value, StringComparer.Ordinal),
                f.Measures.Count == 0 ? null : f.Measures.ToDictionary(m => m.Key, m => new[] { m.Value.Millionths, m.Value.Count }, StringComparer.Ordinal),
                f.HelpRequests, f.HandleSeconds, f.QualityScored, f.QualityScoreSum, f.IdentifiedCalls, f.RepeatCalls);
        }

        public WhatIfAgentDay ToDay(DateOnly day) => new(AgentId, day, Department, new MonthFigures
        {
            AnsweredCalls = Calls,
            SurveysPushed = Pushed,
            SurveysAnswered = Answered,
            SurveysSatisfied = Satisfied,
            CallsInspected = Inspected,
            Errors = Errors,
            ConductEvents = Conduct,
            ConductSeverity = Severity,
            HelpRequests = Help,
            HandleSeconds = HandleSeconds,
            QualityScored = QualityScored,
            QualityScoreSum = QualityScoreSum,
            IdentifiedCalls = Identified,
            RepeatCalls = Repeats,
            ScheduledDays = [.. (Scheduled ?? []).Select(s => new ScheduledDay(s[0], s[1]))],
            WorkItemDays = WorkItemDays,
            DailyPoints = (Points ?? []).ToDictionary(p => Enum.Parse<Dimension>(p.Key), p => p.Value),
            Measures = (Measures ?? []).ToDictionary(m => m.Key, m => new MeasureSum(m.Value[0], (int)m.Value[1]), StringComparer.Ordinal),
        });
    }
}
