using System.Globalization;
using CsvHelper;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Publishing;

/// <summary>
/// Writes <c>payroll-delta.csv</c>, the correction feed beside <c>payroll.csv</c> from v2 on: header
/// <c>employee_id,name,department,change,old_amount_cny,new_amount_cny,difference_cny,month</c>, one row per employee
/// whose amount changed since the version payroll took, then the control line
/// <c>TRAILER,{rowCount},{added},{changed},{removed},{netDifference:0.00},{yyyy-MM},v{againstVersion}</c>. No BOM, like
/// <c>payroll.csv</c>: a machine feed. See README.md in this folder.
/// </summary>
public static class PayrollDeltaCsv
{
    public static readonly IReadOnlyList<string> Header =
        ["employee_id", "name", "department", "change", "old_amount_cny", "new_amount_cny", "difference_cny", "month"];

    public static void Write(PayrollDelta delta, YearMonth month, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(delta);
        using var csv = CsvWriter.Create(destination, PublicationFormat.Csv(byteOrderMark: false), leaveOpen: true);
        csv.WriteHeader([.. Header]);
        foreach (var c in delta.Changes)
        {
            csv.WriteField(c.EmployeeId);
            csv.WriteField(c.Name);
            csv.WriteField(c.Department);
            csv.WriteField(Kind(c.Kind));
            csv.WriteField(c.OldAmount, PublicationFormat.Amount);
            csv.WriteField(c.NewAmount, PublicationFormat.Amount);
            // A number, not text: a negative difference is not mistaken for a formula and escaped.
            csv.WriteField(c.Difference, PublicationFormat.Amount);
            csv.WriteField(month.ToString());
            csv.EndRecord();
        }
        // The trailer has as many fields as a row, so the file stays rectangular for strict readers.
        csv.WriteField(PayrollFeed.TrailerTag);
        csv.WriteField(delta.Changes.Count, "");
        csv.WriteField(delta.AddedCount, "");
        csv.WriteField(delta.ChangedCount, "");
        csv.WriteField(delta.RemovedCount, "");
        csv.WriteField(delta.NetAmount, PublicationFormat.Amount);
        csv.WriteField(month.ToString());
        csv.WriteField("v" + delta.AgainstVersion.ToString(CultureInfo.InvariantCulture));
        csv.EndRecord();
        csv.Flush();
    }

    /// <summary>The trailer line of a delta, as <see cref="Write"/> writes it (for checks on the payroll side).</summary>
    public static string Trailer(PayrollDelta delta, YearMonth month)
    {
        ArgumentNullException.ThrowIfNull(delta);
        return string.Create(CultureInfo.InvariantCulture,
            $"{PayrollFeed.TrailerTag},{delta.Changes.Count},{delta.AddedCount},{delta.ChangedCount},{delta.RemovedCount},{delta.NetAmount:0.00},{month},v{delta.AgainstVersion}");
    }

    private static string Kind(PayrollChangeKind kind) => kind switch
    {
        PayrollChangeKind.Added => "added",
        PayrollChangeKind.Removed => "removed",
        _ => "changed",
    };
}
