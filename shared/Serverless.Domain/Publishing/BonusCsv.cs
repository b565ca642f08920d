using CsvHelper;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Publishing;

/// <summary>Writes <c>bonus.csv</c> (积分奖金): the paid agents only, best first, with a <c>hold</c> column for bonuses held back (UTF-8 with BOM, RFC 4180, injection-escaped).</summary>
public static class BonusCsv
{
    public static readonly IReadOnlyList<string> Header =
        ["month", "rank", "agent_id", "name", "department", "specialty", "team", "month_points", "tier", "amount_cny", "hold"];

    public static void Write(IReadOnlyList<MonthRankingRow> rows, YearMonth month, Stream destination) => Write(rows, month, destination, holds: null);

    /// <summary>
    /// As <see cref="Write(IReadOnlyList{MonthRankingRow}, YearMonth, Stream)"/>; an agent whose bonus is held keeps their
    /// line and amount, with the hold's reason in the <c>hold</c> column (empty for everyone else), and is not in <c>payroll.csv</c>.
    /// </summary>
    public static void Write(IReadOnlyList<MonthRankingRow> rows, YearMonth month, Stream destination, IReadOnlyCollection<BonusHold>? holds)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var held = (holds ?? []).ToDictionary(h => h.AgentId, h => h.Reason, StringComparer.Ordinal);
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
            csv.WriteField(held.GetValueOrDefault(r.AgentId, ""));
            csv.EndRecord();
        }
        csv.Flush();
    }
}
