using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.CustomHandler;

/// <summary>
/// A trigger value whose body is JSON the app defines (e.g. a Service Bus message). The host sends a
/// string trigger value JSON-serialised once more (<c>"\"{...}\""</c>), an object value as an object; this
/// reads all three forms into <typeparamref name="T"/> and writes the plain object.
/// </summary>
[JsonConverter(typeof(TriggerValueConverterFactory))]
public sealed record TriggerValue<T>(T Value);

internal sealed class TriggerValueConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(TriggerValue<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(
            typeof(TriggerValueConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;
}

internal sealed class TriggerValueConverter<T> : JsonConverter<TriggerValue<T>>
{
    // A string may be wrapped once (a JSON body sent as a string) or twice (the host's extra serialisation).
    private const int MaxStringUnwraps = 2;

    public override TriggerValue<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return new TriggerValue<T>(JsonSerializer.Deserialize<T>(ref reader, options)
                ?? throw new JsonException($"The trigger value is null; expected a {typeof(T).Name}."));
        }
        var text = reader.GetString()!;
        for (var unwraps = 1; ; unwraps++)
        {
            var trimmed = text.TrimStart();
            if (trimmed.StartsWith('"') && unwraps < MaxStringUnwraps)
            {
                text = JsonSerializer.Deserialize<string>(trimmed, options)!;
                continue;
            }
            return new TriggerValue<T>(JsonSerializer.Deserialize<T>(trimmed, options)
                ?? throw new JsonException($"The trigger value is null; expected a {typeof(T).Name}."));
        }
    }

    public override void Write(Utf8JsonWriter writer, TriggerValue<T> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.Value, options);
}
