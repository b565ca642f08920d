namespace Serverless.Domain.Scoring;

/// <summary>How the efficiency index E (人工效能) and its peer norms are computed.</summary>
public sealed record EfficiencyRules
{
    /// <summary>Weight of the AHT ratio; 1 − a weighs calls per scheduled hour. 0..1.</summary>
    public required double A { get; init; }

    /// <summary>A department+specialty group smaller than this falls back to the department, then the center.</summary>
    public required int MinGroupSize { get; init; }

    /// <summary>Calls shorter than this many seconds count as short calls (the export parser counts them).</summary>
    public required int ShortCallSeconds { get; init; }

    /// <summary>Above this share of short calls, the day's efficiency points are withheld. 0..1.</summary>
    public required double ShortCallShareMax { get; init; }

    /// <summary>
    /// Weight w of 话务接听占比 (answer share) in E, 0..1: the agent's share of the calls their peer scope answered that
    /// day against a typical peer's share; the AHT and calls-per-hour terms share the rest (1 − w). Absent: 0, today's E.
    /// </summary>
    public double AnswerShareWeight { get; init; }
}
