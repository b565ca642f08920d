using CsvHelper;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Publishing;

/// <summary>Writes <c>bonus.csv</c> (积分奖金): the paid agents only, best first (UTF-8 with BOM, RFC 4180, injection-escaped).</summary>
public static class BonusCsv
{
    public static readonly IReadOnlyList<string> Header =
        ["month", "rank", "agent_id", "name", "department", "specialty", "team", "month_points", "tier", "amount_cny"];

    public static void Write(IReadOnlyList<MonthRankingRow> rows, YearMonth month, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var csv = CsvWriter.Create(destination, PublicationFormat.Csv(byteOrderMark: true), leaveOpen: true);
        csv.WriteHeader([.. Header]);
        foreach (var r in rows.Where(r => r.Tier is not null))
        {
            csv.WriteField(month.ToString());
            csv.WriteField(r.Rank, "");
            csv.WriteField(r.AgentId);
            csv.WriteField(r.Name);
            csv.WriteField(r.Department);
            csv.WriteField(r.Specialty);
            csv.WriteField(r.Team);
            csv.WriteField(r.MonthPoints, PublicationFormat.Points);
            csv.WriteField(r.Tier);
            csv.WriteField(r.Amount, PublicationFormat.Amount);
            csv.EndRecord();
        }
        csv.Flush();
    }
}
