using System.Text.Json;
using System.Text.Json.Serialization;
using Serverless.Domain.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Storage;

/// <summary>
/// A <see cref="ScoredDay"/> as the JSON of one month-row property: computed members (AHT, handle seconds) left out,
/// nulls omitted, periods as their keys. About 2 KB a day, far under a property's 64 KB.
/// </summary>
internal static class ScoredDayJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        IgnoreReadOnlyProperties = true,
        // Department names and explanations are Chinese: escaped as \uXXXX they take six bytes a character instead of
        // three, and month close reads every agent's month. This JSON is never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new PeriodConverter() },
    };

    public static string Write(ScoredDay day) => JsonSerializer.Serialize(day, Options);

    public static ScoredDay Read(string json) =>
        JsonSerializer.Deserialize<ScoredDay>(json, Options) ?? throw new InvalidDataException("A stored scored day is empty.");

    private sealed class PeriodConverter : JsonConverter<LedgerPeriod>
    {
        public override LedgerPeriod Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            LedgerPeriod.TryParse(reader.GetString(), out var period) ? period : throw new JsonException($"'{reader.GetString()}' is not a ledger period.");

        public override void Write(Utf8JsonWriter writer, LedgerPeriod value, JsonSerializerOptions options) => writer.WriteStringValue(value.Key);
    }
}
