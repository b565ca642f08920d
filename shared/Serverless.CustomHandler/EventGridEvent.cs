using System.Text.Json.Serialization;

namespace Serverless.CustomHandler;

/// <summary>An Event Grid event in the Event Grid schema, as the <c>eventGridTrigger</c> binding delivers it.</summary>
public sealed record EventGridEvent
{
    public const string BlobCreatedType = "Microsoft.Storage.BlobCreated";

    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("topic")] public string? Topic { get; init; }
    [JsonPropertyName("subject")] public required string Subject { get; init; }
    [JsonPropertyName("eventType")] public required string EventType { get; init; }
    [JsonPropertyName("eventTime")] public DateTimeOffset EventTime { get; init; }
    [JsonPropertyName("data")] public BlobCreatedEventData? Data { get; init; }
    [JsonPropertyName("dataVersion")] public string? DataVersion { get; init; }
    [JsonPropertyName("metadataVersion")] public string? MetadataVersion { get; init; }

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

/// <summary>The <c>data</c> of a <c>Microsoft.Storage.BlobCreated</c> event.</summary>
public sealed record BlobCreatedEventData
{
    [JsonPropertyName("api")] public string? Api { get; init; }
    [JsonPropertyName("clientRequestId")] public string? ClientRequestId { get; init; }
    [JsonPropertyName("requestId")] public string? RequestId { get; init; }
    [JsonPropertyName("eTag")] public string? ETag { get; init; }
    [JsonPropertyName("contentType")] public string? ContentType { get; init; }
    [JsonPropertyName("contentLength")] public long ContentLength { get; init; }
    [JsonPropertyName("blobType")] public string? BlobType { get; init; }
    [JsonPropertyName("url")] public required string Url { get; init; }
    [JsonPropertyName("sequencer")] public string? Sequencer { get; init; }
}
