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

/// <summary>
/// HR's publication: the reason (kept in the manifest) and, for a month never published that has completeness gaps under
/// the <c>wait</c> policy, <c>acceptGaps: true</c> to publish v1 anyway with the gaps listed in its manifest.
/// </summary>
public sealed record PublishInput(string? Reason, bool AcceptGaps = false);

/// <summary>
/// A month's completeness (数据完整性): the business days judged, the kinds required and shown, the sources expected, each
/// day's cells, the gaps, and the imports that arrived after the month was closed.
/// </summary>
public sealed record CompletenessResponse(
    string Month,
    bool Complete,
    string Policy,
    IReadOnlyList<string> RequiredKinds,
    IReadOnlyList<string> OptionalKinds,
    IReadOnlyList<string> Sources,
    DateTimeOffset? ClosedAt,
    int GapCount,
    IReadOnlyList<CompletenessDay> Days,
    IReadOnlyList<CompletenessGap> Gaps,
    IReadOnlyList<LateImport> AfterClose);

/// <summary>One business day's row of the matrix.</summary>
public sealed record CompletenessDay(DateOnly Date, bool Complete, IReadOnlyList<CompletenessEntry> Cells);

/// <summary>
/// One kind and source of a day: <c>accepted</c>, <c>with-errors</c>, <c>duplicate</c>, <c>rejected</c>, <c>importing</c> or
/// <c>missing</c>; a gap when required and not in; the import in force and its report; whether it arrived after close.
/// </summary>
public sealed record CompletenessEntry(string Kind, string Source, string State, bool Required, bool Gap, string? ImportId, DateTimeOffset? ReceivedAt, bool AfterClose, string? RejectionReason, string? Report);

/// <summary>An import received after the month's v1: counted in the ledger, in nothing published until HR re-publishes.</summary>
public sealed record LateImport(string ImportId, string Kind, DateOnly Date, string Source, string Status, DateTimeOffset ReceivedAt, string Report);

/// <summary>The version a re-publication produced and where its manifest is.</summary>
public sealed record PublishResponse(string Month, int Version, string RulesVersion, DateTimeOffset GeneratedAt, string? Reason, string Manifest);

/// <summary>What a re-score touched.</summary>
public sealed record RescoreResponse(string Month, int AgentDays, int Agents);
