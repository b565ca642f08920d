using System.Text.Json.Serialization;

namespace Serverless.CustomHandler;

/// <summary>The <c>timerTrigger</c> value: the schedule's status when it fired.</summary>
public sealed record TimerInfo
{
    [JsonPropertyName("Schedule")] public TimerSchedule? Schedule { get; init; }
    [JsonPropertyName("ScheduleStatus")] public TimerScheduleStatus? ScheduleStatus { get; init; }
    [JsonPropertyName("IsPastDue")] public bool IsPastDue { get; init; }
}

public sealed record TimerSchedule([property: JsonPropertyName("AdjustForDST")] bool AdjustForDst);

public sealed record TimerScheduleStatus(
    [property: JsonPropertyName("Last")] DateTimeOffset Last,
    [property: JsonPropertyName("Next")] DateTimeOffset Next,
    [property: JsonPropertyName("LastUpdated")] DateTimeOffset LastUpdated);
