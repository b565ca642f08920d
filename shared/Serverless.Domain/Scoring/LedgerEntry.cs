namespace Serverless.Domain.Scoring;

/// <summary>
/// One rule's points for one agent on one day or month (积分明细), with the inputs that produced them.
/// An evaluated rule always yields an entry, 0 points included, so "why no points" has an answer;
/// <see cref="Reason"/> says why when a rule could not apply, was withheld, capped or refused.
/// </summary>
public sealed record LedgerEntry
{
    public required string AgentId { get; init; }

    public required LedgerPeriod Period { get; init; }

    /// <summary>The rule's name ("efficiency", "cap:dailyBehaviour", "team-building:honour:center", …).</summary>
    public required string Rule { get; init; }

    public required Dimension Dimension { get; init; }

    /// <summary>Rounded to 2 decimals, midpoint away from zero.</summary>
    public required decimal Points { get; init; }

    /// <summary>The inputs, culture-invariant, e.g. <c>E=112.4 AHT=286 AHT_g=301</c>.</summary>
    public required string Inputs { get; init; }

    /// <summary>The rules version that scored it.</summary>
    public required string RulesVersion { get; init; }

    /// <summary>The department the agent was scored under.</summary>
    public required string Department { get; init; }

    public string? Reason { get; init; }

    /// <summary>The headline number the rule judged (E for efficiency, a share for the others), for ranking ties and charts.</summary>
    public double? Measure { get; init; }
}
