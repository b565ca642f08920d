using CsvHelper;

namespace Serverless.Domain.Publishing;

/// <summary>Writes <c>ranking.csv</c>: every ranked agent, best first (UTF-8 with BOM, RFC 4180, injection-escaped).</summary>
public static class RankingCsv
{
    public static readonly IReadOnlyList<string> Header =
    [
        "rank", "agent_id", "name", "department", "specialty", "team", "month_points", "work_quality_points",
        "mean_efficiency", "cumulative_points", "stars", "tier", "amount_cny",
    ];

    public static void Write(IReadOnlyList<MonthRankingRow> rows, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var csv = CsvWriter.Create(destination, PublicationFormat.Csv(byteOrderMark: true), leaveOpen: true);
        csv.WriteHeader([.. Header]);
        foreach (var r in rows)
        {
            csv.WriteField(r.Rank, "");
            csv.WriteField(r.AgentId);
            csv.WriteField(r.Name);
            csv.WriteField(r.Department);
            csv.WriteField(r.Specialty);
            csv.WriteField(r.Team);
            csv.WriteField(r.MonthPoints, PublicationFormat.Points);
            csv.WriteField(r.WorkQualityPoints, PublicationFormat.Points);
            csv.WriteField(r.MeanEfficiency, PublicationFormat.Efficiency);
            csv.WriteField(r.CumulativeAfter, PublicationFormat.Points);
            csv.WriteField(r.Stars, "");
            csv.WriteField(r.Tier);
            csv.WriteField(r.Amount, PublicationFormat.Amount);
            csv.EndRecord();
        }
        csv.Flush();
    }
}
