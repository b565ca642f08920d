using Serverless.Application.Ports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;

namespace Serverless.Application.UseCases;

/// <summary>The month's open inquiries as month close sees them: how many, and which paid agents' bonuses they hold.</summary>
public sealed record PayrollHolds(IReadOnlyList<BonusHold> Holds, int OpenInquiries)
{
    /// <summary>
    /// Reads the month's inquiries; with <see cref="MonthCloseOptions.HoldBonusWhileInquiryOpen"/>, every paid agent with an
    /// open inquiry is held, the reason naming the inquiries (<c>inquiry open: q1, q2</c>).
    /// </summary>
    public static async Task<PayrollHolds> ReadAsync(IInquiryStore inquiries, MonthCloseOptions options, YearMonth month, IReadOnlyList<MonthRankingRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inquiries);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rows);
        var open = (await inquiries.ListAsync(month, cancellationToken)).Where(i => i.IsOpen).ToList();
        if (!options.HoldBonusWhileInquiryOpen || open.Count == 0) return new PayrollHolds([], open.Count);
        var paid = rows.Where(r => r.Tier is not null).Select(r => r.AgentId).ToHashSet(StringComparer.Ordinal);
        var holds = open.Where(i => paid.Contains(i.AgentId))
            .GroupBy(i => i.AgentId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new BonusHold(g.Key, "inquiry open: " + string.Join(", ", g.Select(i => i.Id).Order(StringComparer.Ordinal))))
            .ToList();
        return new PayrollHolds(holds, open.Count);
    }

    /// <summary>The held agents' ids in order, for telling whether two versions hold the same bonuses.</summary>
    public static IEnumerable<string> HeldAgents(IReadOnlyList<BonusHold>? holds) =>
        (holds ?? []).Select(h => h.AgentId).Order(StringComparer.Ordinal);
}
