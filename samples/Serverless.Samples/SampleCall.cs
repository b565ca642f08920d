namespace Serverless.Samples;

/// <summary>One generated call before it gets its id (ids follow start order across the day).</summary>
internal readonly record struct SampleCall(
    int AgentIndex,
    DateTime Start,
    int TalkSeconds,
    int HoldSeconds,
    int AcwSeconds,
    bool Transferred,
    bool HelpRequested,
    bool SurveyPushed,
    SurveyAnswer Answer,
    int CallerSuffix)
{
    /// <summary>What AHT counts: talk + hold + after-call work.</summary>
    public int HandleSeconds => TalkSeconds + HoldSeconds + AcwSeconds;

    /// <summary>The line drops when talk and hold are over; ACW happens after it.</summary>
    public DateTime End => Start.AddSeconds(TalkSeconds + HoldSeconds);
}
