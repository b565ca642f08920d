using System.Text.Json;
using System.Text.Json.Serialization;
using Serverless.CustomHandler;
using Serverless.Domain.Exports;
using Serverless.Application.UseCases;
using Serverless.Application.Ports;

namespace Serverless.Functions.Invocations;

/// <summary>
/// The <c>ParseExport</c> trigger's data: one Event Grid event (binding <c>eventGridEvent</c>), in the host's form (the
/// event's JSON text serialised once more) or as a JSON string or object; Event Grid or CloudEvents schema.
/// </summary>
public sealed record ParseExportData([property: JsonPropertyName("eventGridEvent")] TriggerValue<GridEvent>? EventGridEvent);

/// <summary>The <c>ParseExport</c> outputs: messages for the Service Bus binding <c>scoreRequests</c>.</summary>
public sealed record ParseExportOutputs([property: JsonPropertyName("scoreRequests")] IReadOnlyList<string> ScoreRequests);

/// <summary>
/// Event Grid BlobCreated on <c>exports</c>: imports the blob (streamed by the importer itself, large blobs never
/// travel through the host), refreshes the day's peer norms when the file can move them, and sends the agent-days
/// to score as batched messages.
/// </summary>
/// <remarks>
/// Every agent's E depends on the day's norms (<see cref="DayNorms"/>), so when an import changes them the whole day
/// is re-scored, not only the agents the file changed. A redelivered event for an import already in force also
/// re-scores the whole day: the first delivery may have stored new norms and then lost its messages.
/// </remarks>
public sealed class ParseExportFunction(ExportImporter importer, DayNorms norms, IImportLog imports)
{
    public const string ExportsContainer = "exports";

    public async Task<InvocationResponse<ParseExportOutputs>> RunAsync(InvocationRequest<ParseExportData> request, CancellationToken cancellationToken)
    {
        var gridEvent = request.Data.EventGridEvent?.Value ?? throw new InvocationDataException("Data.eventGridEvent is missing.");
        if (gridEvent.EventType != GridEvent.BlobCreatedType)
        {
            return Done([], $"Ignored event {gridEvent.Id}: {gridEvent.EventType} is not {GridEvent.BlobCreatedType}.");
        }
        if (gridEvent.BlobLocation() is not var (container, blobName))
        {
            throw new InvocationDataException($"The event subject '{gridEvent.Subject}' does not name a blob.");
        }
        if (container != ExportsContainer)
        {
            return Done([], $"Ignored {container}/{blobName}: only the '{ExportsContainer}' container holds exports.");
        }
        var movesNorms = ExportPath.TryParse(blobName, out var path, out _) && path!.Kind is ExportKind.Calls or ExportKind.AgentTime or ExportKind.Roster;
        var before = movesNorms ? await imports.CurrentAsync(path!.Kind, path.Date, path.Source, cancellationToken) : null;
        var result = await importer.ImportAsync(blobName, cancellationToken);
        var requests = result.ScoreRequests;
        var log = new List<string> { result.Summary };
        if (movesNorms && result.Record is { Status: ImportStatus.Accepted or ImportStatus.AcceptedWithErrors } record)
        {
            var refresh = await norms.RefreshAsync(record.Date, cancellationToken);
            var redelivered = before?.ImportId == record.ImportId;
            if (refresh.Changed || redelivered)
            {
                requests = ScoreRequest.Batches(record.Date, refresh.AgentIds, $"norms of {record.Date:yyyy-MM-dd} after import {record.ImportId}", record.ImportId).ToList();
                log.Add($"Peer norms of {record.Date:yyyy-MM-dd} {(refresh.Changed ? "changed" : "re-sent")} ({refresh.Norms} norms): all {refresh.AgentIds.Count} agent-days of the day to score.");
            }
        }
        var messages = requests.Select(r => JsonSerializer.Serialize(r, PayloadJson.Messages)).ToList();
        return new InvocationResponse<ParseExportOutputs>(new ParseExportOutputs(messages), log);
    }

    private static InvocationResponse<ParseExportOutputs> Done(IReadOnlyList<string> messages, string log) =>
        new(new ParseExportOutputs(messages), [log]);
}
