using System.Globalization;
using CsvHelper;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Publishing;

/// <summary>
/// Writes <c>payroll.csv</c>, the fixed-format feed payroll picks up: header
/// <c>employee_id,name,department,tier,amount_cny,month</c>, one row per paid agent (except agents whose bonus is held, see <see cref="BonusHold"/>), then the control line
/// <c>TRAILER,{rowCount},{totalAmount:0.00},{yyyy-MM}</c>. See README.md in this folder.
/// </summary>
public static class PayrollFeed
{
    public static readonly IReadOnlyList<string> Header = ["employee_id", "name", "department", "tier", "amount_cny", "month"];

    public const string TrailerTag = "TRAILER";

    public static void Write(IReadOnlyList<MonthRankingRow> rows, YearMonth month, Stream destination) => Write(rows, month, destination, holds: null);

    /// <summary>As <see cref="Write(IReadOnlyList{MonthRankingRow}, YearMonth, Stream)"/>, leaving out agents whose bonus is held.</summary>
    public static void Write(IReadOnlyList<MonthRankingRow> rows, YearMonth month, Stream destination, IReadOnlyCollection<BonusHold>? holds)
    {
        ArgumentNullException.ThrowIfNull(rows);
        // No BOM: this is a machine feed, and a BOM would become part of the first header name for most parsers.
        // The trailer has fewer fields than the rows, so the equal-field-count check is off for this file only.
        using var csv = CsvWriter.Create(destination, PublicationFormat.Csv(byteOrderMark: false, sameFieldCount: false), leaveOpen: true);
        csv.WriteHeader([.. Header]);
        var count = 0;
        var total = 0m;
        var held = (holds ?? []).Select(h => h.AgentId).ToHashSet(StringComparer.Ordinal);
        foreach (var r in rows.Where(r => r.Tier is not null && !held.Contains(r.AgentId)))
        {
            csv.WriteField(r.AgentId);
            csv.WriteField(r.Name);
            csv.WriteField(r.Department);
            csv.WriteField(r.Tier);
            csv.WriteField(r.Amount, PublicationFormat.Amount);
            csv.WriteField(month.ToString());
            csv.EndRecord();
            count++;
            // The trailer must add up the amounts as written, so round each before summing (as PayrollLine.Of does).
            total += decimal.Round(r.Amount, 2, MidpointRounding.AwayFromZero);
        }
        csv.WriteField(TrailerTag);
        csv.WriteField(count, "");
        csv.WriteField(total, PublicationFormat.Amount);
        csv.WriteField(month.ToString());
        csv.EndRecord();
        csv.Flush();
    }

    /// <summary>The trailer line for a row count and total, as <see cref="Write"/> writes it (for checks on the payroll side).</summary>
    public static string Trailer(int rowCount, decimal totalAmount, YearMonth month) =>
        string.Create(CultureInfo.InvariantCulture, $"{TrailerTag},{rowCount},{totalAmount:0.00},{month}");
}
