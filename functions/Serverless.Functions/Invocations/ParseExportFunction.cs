using System.Text.Json;
using System.Text.Json.Serialization;
using Serverless.CustomHandler;
using Serverless.Application.UseCases;

namespace Serverless.Functions.Invocations;

/// <summary>
/// The <c>ParseExport</c> trigger's data: one Event Grid event (binding <c>eventGridEvent</c>), in the host's form (the
/// event's JSON text serialised once more) or as a JSON string or object; Event Grid or CloudEvents schema.
/// </summary>
public sealed record ParseExportData([property: JsonPropertyName("eventGridEvent")] TriggerValue<GridEvent>? EventGridEvent);

/// <summary>The <c>ParseExport</c> outputs: messages for the Service Bus binding <c>scoreRequests</c>.</summary>
public sealed record ParseExportOutputs([property: JsonPropertyName("scoreRequests")] IReadOnlyList<string> ScoreRequests);

/// <summary>
/// Event Grid BlobCreated on <c>exports</c>: one call of <see cref="ExportImporter.ImportAsync"/> (which streams the
/// blob itself, large blobs never travel through the host, and refreshes the day's peer norms when the file can move
/// them), its score requests sent as messages.
/// </summary>
public sealed class ParseExportFunction(ExportImporter importer, Telemetry.PipelineTelemetry telemetry)
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
        using var activity = telemetry.StartImport(blobName);
        var result = await importer.ImportAsync(blobName, cancellationToken);
        telemetry.Imported(activity, result, result.ScoreRequests.Count);
        var traceParent = Telemetry.PipelineTelemetry.TraceParent(activity);
        var messages = result.ScoreRequests.Select(r => JsonSerializer.Serialize(ScoreRequestMessage.From(r, traceParent), PayloadJson.Messages)).ToList();
        return new InvocationResponse<ParseExportOutputs>(new ParseExportOutputs(messages), result.Log);
    }
    private static InvocationResponse<ParseExportOutputs> Done(IReadOnlyList<string> messages, string log) =>
        new(new ParseExportOutputs(messages), [log]);
}
