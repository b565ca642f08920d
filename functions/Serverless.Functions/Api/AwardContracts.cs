namespace Serverless.Functions.Api;

/// <summary>A team-building award (团队建设) as HR or a team lead posts it; the points come from the rules, never from the caller.</summary>
public sealed record AwardInput(string? AgentId, DateOnly? Date, string? Item, string? Level, string? Note)
{
    public const int MaxNoteLength = 500;
}

/// <summary>An award, its points under the rules in force on its date, and its reversal when withdrawn.</summary>
public sealed record AwardResponse(
    string AwardId,
    string AgentId,
    DateOnly Date,
    string Item,
    string Level,
    string Note,
    decimal Points,
    string RulesVersion,
    string Source,
    DateTimeOffset RecordedAt,
    EntryReversal? Reversal);
