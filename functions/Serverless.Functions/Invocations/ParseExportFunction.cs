using System.Text.Json;
using System.Text.Json.Serialization;
using Serverless.CustomHandler;
using Serverless.Domain.Pipeline;

namespace Serverless.Functions.Invocations;

/// <summary>The <c>ParseExport</c> trigger's data: one Event Grid event (binding <c>eventGridEvent</c>).</summary>
public sealed record ParseExportData([property: JsonPropertyName("eventGridEvent")] EventGridEvent? EventGridEvent);

/// <summary>The <c>ParseExport</c> outputs: messages for the Service Bus binding <c>scoreRequests</c>.</summary>
public sealed record ParseExportOutputs([property: JsonPropertyName("scoreRequests")] IReadOnlyList<string> ScoreRequests);

/// <summary>
/// Event Grid BlobCreated on <c>exports</c>: imports the blob (streamed by the importer itself, large blobs never
/// travel through the host) and sends the agent-days to score as batched messages.
/// </summary>
public sealed class ParseExportFunction(ExportImporter importer)
{
    public const string ExportsContainer = "exports";

    public async Task<InvocationResponse<ParseExportOutputs>> RunAsync(InvocationRequest<ParseExportData> request, CancellationToken cancellationToken)
    {
        var gridEvent = request.Data.EventGridEvent ?? throw new InvocationDataException("Data.eventGridEvent is missing.");
        if (gridEvent.EventType != EventGridEvent.BlobCreatedType)
        {
            return Done([], $"Ignored event {gridEvent.Id}: {gridEvent.EventType} is not {EventGridEvent.BlobCreatedType}.");
        }
        if (gridEvent.BlobLocation() is not var (container, blobName))
        {
            throw new InvocationDataException($"The event subject '{gridEvent.Subject}' does not name a blob.");
        }
        if (container != ExportsContainer)
        {
            return Done([], $"Ignored {container}/{blobName}: only the '{ExportsContainer}' container holds exports.");
        }
        var result = await importer.ImportAsync(blobName, cancellationToken);
        var messages = result.ScoreRequests.Select(r => JsonSerializer.Serialize(r, PayloadJson.Messages)).ToList();
        return Done(messages, result.Summary);
    }

    private static InvocationResponse<ParseExportOutputs> Done(IReadOnlyList<string> messages, string log) =>
        new(new ParseExportOutputs(messages), [log]);
}
