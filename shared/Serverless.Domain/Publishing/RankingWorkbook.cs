using System.Globalization;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Serverless.Domain.Publishing;

/// <summary>
/// Writes <c>ranking.xlsx</c> for HR: a "summary" sheet first, then one sheet per department (ordinal order of the
/// department name) with that department's ranked agents. Text is stored as cell strings, never as formulas.
/// </summary>
public static class RankingWorkbook
{
    public const string SummarySheet = "summary";

    public static void Write(IReadOnlyList<MonthRankingRow> rows, MonthRankingSummary summary, PublicationMetadata metadata, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(destination);

        var departments = rows.Select(r => r.Department).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var sheetNames = SheetNames.Assign(departments, [SummarySheet]);

        // Dictionary keeps insertion order while nothing is removed, and MiniExcel writes sheets in that order.
        var sheets = new Dictionary<string, object>(StringComparer.Ordinal) { [SummarySheet] = SummaryRows(summary, metadata, departments, sheetNames) };
        for (var i = 0; i < departments.Count; i++)
        {
            sheets[sheetNames[i]] = rows.Where(r => string.Equals(r.Department, departments[i], StringComparison.Ordinal)).Select(AgentRow).ToList();
        }

        var configuration = new OpenXmlConfiguration { Culture = CultureInfo.InvariantCulture, EnableAutoWidth = false };
        using var package = new MemoryStream();
        package.SaveAs(sheets, printHeader: true, excelType: ExcelType.XLSX, configuration: configuration);
        destination.Write(XlsxNormalizer.Normalize(package.ToArray(), metadata.GeneratedAt));
    }

    private static Dictionary<string, object?> AgentRow(MonthRankingRow r) => new(StringComparer.Ordinal)
    {
        ["rank"] = r.Rank,
        ["agent_id"] = r.AgentId,
        ["name"] = r.Name,
        ["department"] = r.Department,
        ["specialty"] = r.Specialty,
        ["team"] = r.Team,
        ["month_points"] = r.MonthPoints,
        ["work_quality_points"] = r.WorkQualityPoints,
        ["mean_efficiency"] = r.MeanEfficiency is { } e ? Math.Round(e, 2) : null,
        ["cumulative_points"] = r.CumulativeAfter,
        ["stars"] = r.Stars,
        ["tier"] = r.Tier,
        ["amount_cny"] = r.Amount,
    };

    private static List<Dictionary<string, object?>> SummaryRows(
        MonthRankingSummary summary, PublicationMetadata metadata, IReadOnlyList<string> departments, IReadOnlyList<string> sheetNames)
    {
        var result = new List<Dictionary<string, object?>>
        {
            Item("month", metadata.Month.ToString()),
            Item("version", metadata.Version),
            Item("rules_version", metadata.RulesVersion),
            Item("generated_at", metadata.GeneratedAt.ToString("O", CultureInfo.InvariantCulture)),
            Item("reason", metadata.Reason ?? ""),
            Item("eligible", summary.EligibleCount),
        };
        foreach (var t in summary.Tiers)
        {
            result.Add(Item($"paid_{t.Tier}", t.Paid));
            result.Add(Item($"amount_{t.Tier}", t.Total));
        }
        result.Add(Item("paid", summary.PaidCount));
        result.Add(Item("total_amount_cny", summary.TotalAmount));
        // Which sheet holds which department, since a name may have been shortened or cleaned for Excel.
        for (var i = 0; i < departments.Count; i++)
        {
            result.Add(Item($"sheet:{sheetNames[i]}", departments[i]));
        }
        return result;
    }

    private static Dictionary<string, object?> Item(string key, object? value) => new(StringComparer.Ordinal) { ["item"] = key, ["value"] = value };
}
