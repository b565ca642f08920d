namespace Serverless.Domain.Publishing;

/// <summary>One line payroll is sent for a version: who, and the amount as <c>payroll.csv</c> writes it (rounded to fen).</summary>
public sealed record PayrollLine(string EmployeeId, string Name, string Department, decimal Amount)
{
    /// <summary>
    /// The lines of a version's <c>payroll.csv</c>: the paid rows (a tier), except agents whose bonus is held, with the
    /// amount rounded as the feed writes it. The one definition both the feed and the delta use.
    /// </summary>
    public static IReadOnlyList<PayrollLine> Of(IReadOnlyList<MonthRankingRow> rows, IReadOnlyCollection<BonusHold>? holds = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var held = (holds ?? []).Select(h => h.AgentId).ToHashSet(StringComparer.Ordinal);
        return [.. rows
            .Where(r => r.Tier is not null && !held.Contains(r.AgentId))
            .Select(r => new PayrollLine(r.AgentId, r.Name, r.Department, decimal.Round(r.Amount, 2, MidpointRounding.AwayFromZero)))];
    }
}
