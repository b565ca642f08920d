using System.Text.Json;
using CsvHelper;

namespace Serverless.Domain.Publishing;

/// <summary>
/// The what-if report as files: <c>what-if.json</c> (the summary, the tiers, the dimension averages and every agent) and
/// <c>what-if.csv</c> (one line per agent ranked on either side, UTF-8 with BOM, RFC 4180, injection-escaped like the
/// published files). They are a job's output, never a month's file.
/// </summary>
public static class WhatIfReport
{
    public const string JsonName = "what-if.json";
    public const string CsvName = "what-if.csv";

    public static readonly IReadOnlyList<string> CsvHeader =
    [
        "agent_id", "name", "department", "team", "rank_before", "rank_after", "rank_move", "tier_before", "tier_after",
        "points_before", "points_after", "amount_before_cny", "amount_after_cny", "amount_delta_cny",
    ];

    public static byte[] Json(RankingWhatIf diff, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(diff);
        return JsonSerializer.SerializeToUtf8Bytes(Document(diff, generatedAt), PublicationJson.Options);
    }

    public static WhatIfDocument Document(RankingWhatIf diff, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(diff);
        return new WhatIfDocument(
            diff.Month.ToString(), diff.RulesBefore, diff.RulesAfter, generatedAt,
            new WhatIfTotals(diff.RankedBefore, diff.RankedAfter, diff.RankMoves, diff.TierChanges, diff.BonusTotalBefore, diff.BonusTotalAfter, diff.BonusTotalChange),
            diff.Tiers, diff.Dimensions,
            [.. diff.Agents.Select(a => new WhatIfAgentLine(
                a.AgentId, a.Name, a.Department, a.Team, a.RankBefore, a.RankAfter, a.RankMove, a.TierBefore, a.TierAfter,
                a.PointsBefore, a.PointsAfter, a.AmountBefore, a.AmountAfter, a.AmountChange))]);
    }

    /// <summary>Reads a <c>what-if.json</c> back.</summary>
    public static WhatIfDocument Read(Stream source) =>
        JsonSerializer.Deserialize<WhatIfDocument>(source, PublicationJson.Options)
        ?? throw new JsonException("what-if.json holds null; expected a what-if document.");

    public static byte[] Csv(RankingWhatIf diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, PublicationFormat.Csv(byteOrderMark: true), leaveOpen: true))
        {
            csv.WriteHeader([.. CsvHeader]);
            foreach (var a in diff.Agents)
            {
                csv.WriteField(a.AgentId);
                csv.WriteField(a.Name);
                csv.WriteField(a.Department);
                csv.WriteField(a.Team);
                csv.WriteField(a.RankBefore, "");
                csv.WriteField(a.RankAfter, "");
                csv.WriteField(a.RankMove, "");
                csv.WriteField(a.TierBefore);
                csv.WriteField(a.TierAfter);
                csv.WriteField(a.PointsBefore, PublicationFormat.Points);
                csv.WriteField(a.PointsAfter, PublicationFormat.Points);
                csv.WriteField(a.AmountBefore, PublicationFormat.Amount);
                csv.WriteField(a.AmountAfter, PublicationFormat.Amount);
                csv.WriteField(a.AmountChange, PublicationFormat.Amount);
                csv.EndRecord();
            }
            csv.Flush();
        }
        return buffer.ToArray();
    }
}

/// <summary><c>what-if.json</c>: the month, the rules compared, when it was computed, the totals, tiers, dimension averages and agents.</summary>
public sealed record WhatIfDocument(
    string Month,
    string RulesBefore,
    string RulesAfter,
    DateTimeOffset GeneratedAt,
    WhatIfTotals Totals,
    IReadOnlyList<WhatIfTier> Tiers,
    IReadOnlyList<WhatIfDimension> Dimensions,
    IReadOnlyList<WhatIfAgentLine> Agents);

/// <summary>The what-if in a few numbers (also the job's result).</summary>
public sealed record WhatIfTotals(int RankedBefore, int RankedAfter, int RankMoves, int TierChanges, decimal BonusTotalBefore, decimal BonusTotalAfter, decimal BonusTotalChange);

/// <summary>One agent's line of <c>what-if.json</c>.</summary>
public sealed record WhatIfAgentLine(
    string AgentId, string Name, string Department, string Team, int? RankBefore, int? RankAfter, int? RankMove, string? TierBefore, string? TierAfter,
    decimal PointsBefore, decimal PointsAfter, decimal AmountBefore, decimal AmountAfter, decimal AmountChange);
