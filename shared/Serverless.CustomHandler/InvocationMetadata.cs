using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.CustomHandler;

/// <summary>
/// Trigger metadata the host sends beside the data. Only what the app reads is typed; the rest
/// (it varies by trigger) is kept as JSON so nothing is lost when a payload is recorded or replayed.
/// </summary>
public sealed record InvocationMetadata
{
    /// <summary>Service Bus: how many times this message has been delivered, 1 on the first delivery.</summary>
    [JsonPropertyName("DeliveryCount")]
    public int? DeliveryCount { get; init; }

    /// <summary>Service Bus: the broker's message id.</summary>
    [JsonPropertyName("MessageId")]
    public string? MessageId { get; init; }

    [JsonPropertyName("sys")]
    public SystemMetadata? Sys { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }
}

/// <summary>The host's <c>sys</c> binding data: which function, when, and a per-invocation random id.</summary>
public sealed record SystemMetadata(
    [property: JsonPropertyName("MethodName")] string? MethodName,
    [property: JsonPropertyName("UtcNow")] DateTimeOffset? UtcNow,
    [property: JsonPropertyName("RandGuid")] string? RandGuid);
