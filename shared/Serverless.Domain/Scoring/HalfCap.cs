namespace Serverless.Domain.Scoring;

/// <summary>半封顶: awards at these levels together count at most <see cref="Cap"/> points a month.</summary>
public sealed record HalfCap
{
    /// <summary>Level names: team, department, center, company, national.</summary>
    public required IReadOnlyList<string> Levels { get; init; }

    public required decimal Cap { get; init; }
}
