namespace Serverless.Functions.Api;

/// <summary>An agent's points over a range (积分查询): ledger rows with explanations, month totals, cumulative, stars, growth.</summary>
public sealed record PointsResponse(
    string AgentId,
    DateOnly From,
    DateOnly To,
    decimal Cumulative,
    int Stars,
    IReadOnlyList<PointsEntry> Entries,
    IReadOnlyList<MonthPointsResponse> Months,
    IReadOnlyList<GrowthPoint> Growth);

/// <summary>One ledger row (积分明细): which rule, how many points, the inputs and reason that explain them.</summary>
public sealed record PointsEntry(
    string Period,
    string PeriodKind,
    string Rule,
    string Dimension,
    decimal Points,
    string Inputs,
    string? Reason,
    string RulesVersion,
    string Department,
    IReadOnlyList<string> ImportIds);

/// <summary>A month's totals by dimension (earned, and counted after caps); <see cref="Closed"/> false means provisional.</summary>
public sealed record MonthPointsResponse(string Month, bool Closed, IReadOnlyDictionary<string, DimensionPoints> Dimensions, decimal Points, decimal CumulativeAfter, int Stars);

/// <summary>One dimension's month: points earned and points counted after caps (封顶).</summary>
public sealed record DimensionPoints(decimal Earned, decimal Counted);

/// <summary>One point of the growth curve: cumulative points and stars at the end of a month.</summary>
public sealed record GrowthPoint(string Month, decimal Cumulative, int Stars);
