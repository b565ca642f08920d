using Serverless.Domain.Exports;

namespace Serverless.Samples;

/// <summary>
/// An agent plus the hidden habits that shape their rows: how fast they handle a call, how many
/// they take, which shift they work. Fixed per agent so a month of their days looks like one person.
/// </summary>
internal sealed record AgentProfile(
    int Index,
    SampleAgent Agent,
    double AhtSeconds,
    double VolumeFactor,
    double PushRate,
    double SurveyAnswerRate,
    double SatisfiedRate,
    double TransferRate,
    double HelpRate,
    double LowSignInRate,
    int ShiftStartHour,
    int RestOffset)
{
    /// <summary>Share of worked days turned into leave, on top of the weekly rest days.</summary>
    private const double LeaveRate = 0.02;

    public bool IsActive => Agent.Status == RosterStatus.Active;

    /// <summary>
    /// Two rest days in every seven, staggered per agent and anchored to the calendar (not to the
    /// tree's start) so any single day's files agree with each other and with a longer tree.
    /// </summary>
    public bool WorksOn(DateOnly day, int seed) =>
        IsActive
        && (day.DayNumber + RestOffset) % 7 < 5
        && !SampleRandom.For(seed, SampleStream.Leave, day.DayNumber, Index).Chance(LeaveRate);
}
