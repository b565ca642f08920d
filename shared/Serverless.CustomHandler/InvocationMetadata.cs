using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.CustomHandler;

/// <summary>
/// Trigger metadata the host sends beside the data: the trigger's binding data, each value converted as the host
/// converts values for a custom handler (numbers and strings arrive as JSON strings, a string's own JSON literal for a
/// string: <c>"DeliveryCount": "2"</c>, <c>"MessageId": "\"m-1\""</c>; see <see cref="HostPayloads"/>). Only what the
/// app reads is typed, and it reads the host's form as well as a plain one; the rest is kept as JSON.
/// </summary>
public sealed record InvocationMetadata
{
    /// <summary>Service Bus: how many times this message has been delivered, 1 on the first delivery.</summary>
    [JsonPropertyName("DeliveryCount")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int? DeliveryCount { get; init; }

    /// <summary>Service Bus: the broker's message id.</summary>
    [JsonPropertyName("MessageId")]
    [JsonConverter(typeof(ScriptStringConverter))]
    public string? MessageId { get; init; }

    /// <summary>Storage queue: how many times this message has been dequeued, 1 on the first delivery.</summary>
    [JsonPropertyName("DequeueCount")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int? DequeueCount { get; init; }

    /// <summary>Present on every attempt of a function with a retry policy (0 on the first), absent otherwise.</summary>
    [JsonPropertyName("RetryContext")]
    public RetryContextMetadata? RetryContext { get; init; }

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

/// <summary>
/// The WebJobs <c>RetryContext</c> of a function-level retry policy: which retry this is and the previous attempt's
/// exception (opaque: the host's serialisation of a .NET exception).
/// </summary>
public sealed record RetryContextMetadata(
    [property: JsonPropertyName("RetryCount")] int RetryCount,
    [property: JsonPropertyName("MaxRetryCount")] int MaxRetryCount,
    [property: JsonPropertyName("Exception")] JsonElement? Exception = null);

/// <summary>A string value the host may have JSON-encoded once more (<c>"\"m-1\""</c>); a plain string reads as it is.</summary>
public sealed class ScriptStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.String) throw new JsonException($"Expected a string, not {reader.TokenType}.");
        var text = reader.GetString()!;
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            try { return JsonSerializer.Deserialize<string>(text); }
            catch (JsonException) { /* quotes that are part of the value */ }
        }
        return text;
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
