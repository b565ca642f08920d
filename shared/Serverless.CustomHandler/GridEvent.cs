using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;

namespace Serverless.CustomHandler;

/// <summary>
/// One event of an <c>eventGridTrigger</c>, in the Event Grid schema or the CloudEvents 1.0 schema (a subscription
/// chooses), parsed by <c>Azure.Messaging.EventGrid</c>. As a trigger value it is read through
/// <see cref="TriggerValue{T}"/>, so the host's form (the event's JSON text serialised once more), a JSON string and a
/// plain object all read the same.
/// </summary>
[JsonConverter(typeof(GridEventConverter))]
public sealed record GridEvent
{
    public const string BlobCreatedType = SystemEventNames.StorageBlobCreated;

    public required string Id { get; init; }
    public required string EventType { get; init; }
    public required string Subject { get; init; }

    /// <summary>The Event Grid schema's <c>topic</c>, or the CloudEvent's <c>source</c>.</summary>
    public string? Source { get; init; }

    public DateTimeOffset EventTime { get; init; }

    /// <summary>The <c>data</c> of a <c>Microsoft.Storage.BlobCreated</c> event, null for any other type.</summary>
    public StorageBlobCreatedEventData? BlobCreated { get; init; }

    /// <summary>Reads one event from its JSON text (an object in either schema); a bad event is a <see cref="JsonException"/> that says why.</summary>
    public static GridEvent Parse(string json)
    {
        var data = BinaryData.FromString(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException($"An Event Grid event is a JSON object, not {document.RootElement.ValueKind}.");
            }
            return document.RootElement.TryGetProperty("specversion", out _) ? FromCloudEvent(CloudEvent.Parse(data)!) : FromEventGridEvent(EventGridEvent.Parse(data));
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new JsonException($"Not an Event Grid event: {ex.Message}", ex);
        }
    }

    private static GridEvent FromEventGridEvent(EventGridEvent e) => new()
    {
        Id = e.Id,
        EventType = e.EventType,
        Subject = e.Subject,
        Source = e.Topic,
        EventTime = e.EventTime,
        BlobCreated = e.EventType == BlobCreatedType && e.TryGetSystemEventData(out var data) ? data as StorageBlobCreatedEventData : null,
    };

    private static GridEvent FromCloudEvent(CloudEvent e) => new()
    {
        Id = e.Id,
        EventType = e.Type,
        Subject = e.Subject ?? throw new JsonException("The CloudEvent has no subject: it names no blob."),
        Source = e.Source,
        EventTime = e.Time ?? default,
        BlobCreated = e.Type == BlobCreatedType && e.TryGetSystemEventData(out var data) ? data as StorageBlobCreatedEventData : null,
    };

    /// <summary>
    /// The container and blob name from the subject
    /// (<c>/blobServices/default/containers/{container}/blobs/{name}</c>), or null for another subject.
    /// </summary>
    public (string Container, string BlobName)? BlobLocation()
    {
        const string containers = "/blobServices/default/containers/";
        const string blobs = "/blobs/";
        if (!Subject.StartsWith(containers, StringComparison.Ordinal)) return null;
        var rest = Subject[containers.Length..];
        var split = rest.IndexOf(blobs, StringComparison.Ordinal);
        if (split <= 0 || split + blobs.Length >= rest.Length) return null;
        return (rest[..split], rest[(split + blobs.Length)..]);
    }
}

/// <summary>Reads a <see cref="GridEvent"/> from a JSON object (strings are unwrapped by <see cref="TriggerValue{T}"/>).</summary>
internal sealed class GridEventConverter : JsonConverter<GridEvent>
{
    public override GridEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return GridEvent.Parse(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, GridEvent value, JsonSerializerOptions options) =>
        throw new NotSupportedException("A GridEvent is read from the host, never written: build events with HostPayloads.");
}
