using Serverless.Domain.Publishing;

namespace Serverless.Functions.Api;

/// <summary>One page of a published month's ranking (月度排名), with the version it comes from and the month's summary.</summary>
public sealed record RankingPage(
    string Month,
    int Version,
    string RulesVersion,
    DateTimeOffset GeneratedAt,
    string? Reason,
    MonthRankingSummary Summary,
    string? Department,
    int Total,
    int Page,
    int PageSize,
    IReadOnlyList<MonthRankingRow> Rows);

/// <summary>A published month's bonus (积分奖金): the paid agents and the totals payroll was sent.</summary>
public sealed record BonusResponse(string Month, int Version, string RulesVersion, MonthRankingSummary Summary, IReadOnlyList<MonthRankingRow> Paid);

/// <summary>Why a closed month is re-published (or re-scored); it is kept in the manifest.</summary>
public sealed record ReasonInput(string? Reason)
{
    public const int MaxLength = 500;
}

/// <summary>The version a re-publication produced and where its manifest is.</summary>
public sealed record PublishResponse(string Month, int Version, string RulesVersion, DateTimeOffset GeneratedAt, string? Reason, string Manifest);

/// <summary>What a re-score touched.</summary>
public sealed record RescoreResponse(string Month, int AgentDays, int Agents);
