using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.CustomHandler;

/// <summary>
/// The <c>timerTrigger</c> value: the extension's <c>TimerInfo</c> as the host serialises it for a script worker
/// (Newtonsoft, property names as declared). Read through <see cref="TriggerValue{T}"/>.
/// </summary>
public sealed record TimerInfo
{
    [JsonPropertyName("Schedule")] public TimerSchedule? Schedule { get; init; }

    /// <summary>Null without <c>useMonitor</c>: the host keeps no status then.</summary>
    [JsonPropertyName("ScheduleStatus")] public TimerScheduleStatus? ScheduleStatus { get; init; }

    /// <summary>True when the host found an occurrence missed (it was down): this run makes up for it.</summary>
    [JsonPropertyName("IsPastDue")] public bool IsPastDue { get; init; }
}

public sealed record TimerSchedule([property: JsonPropertyName("AdjustForDST")] bool AdjustForDst);

/// <summary>
/// The monitor's record: the last and next occurrence and when it was last written. The extension's fields are
/// <c>DateTime</c>s; see <see cref="HostDateTimeConverter"/> for how they read.
/// </summary>
public sealed record TimerScheduleStatus(
    [property: JsonPropertyName("Last"), JsonConverter(typeof(HostDateTimeConverter))] DateTimeOffset? Last,
    [property: JsonPropertyName("Next"), JsonConverter(typeof(HostDateTimeConverter))] DateTimeOffset? Next,
    [property: JsonPropertyName("LastUpdated"), JsonConverter(typeof(HostDateTimeConverter))] DateTimeOffset? LastUpdated);

/// <summary>
/// A <c>DateTime</c> as Newtonsoft writes it: with <c>Z</c> or an offset when its kind says so, and with neither for an
/// unspecified kind, which is how the first run's "never" arrives (<c>"0001-01-01T00:00:00"</c>, <c>DateTime.MinValue</c>).
/// System.Text.Json would read an offset-less value as local time, and at a zone east of UTC the minimum value has no
/// local <c>DateTimeOffset</c> at all: the invocation failed in Shanghai and passed in UTC. Here "never" is null and any
/// other offset-less value is taken as UTC (the host's clock on Linux), whatever zone this process runs in.
/// </summary>
public sealed class HostDateTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.String) throw new JsonException($"A timer date is a string, not {reader.TokenType}.");
        var text = reader.GetString()!;
        // DateTime.MinValue in any of Newtonsoft's forms ("…T00:00:00", "…Z", "…+08:00"): the first run's "never".
        if (text.StartsWith("0001-01-01T00:00:00", StringComparison.Ordinal)) return null;
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value))
        {
            throw new JsonException($"'{text}' is not a date and time.");
        }
        return value.Kind == DateTimeKind.Unspecified
            ? new DateTimeOffset(value, TimeSpan.Zero)
            // With an offset: read as written, not converted to this process's zone.
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        // As the host writes a status: local time (UTC on Linux) with its offset; "never" is DateTime.MinValue.
        if (value is { } v) writer.WriteStringValue(v);
        else writer.WriteStringValue("0001-01-01T00:00:00+00:00");
    }
}
