using Serverless.Domain.Metrics;

namespace Serverless.Domain.Ports;

/// <summary>
/// Re-publishes a closed month (重新发布): a new numbered version beside the earlier ones, with a diff and the reason,
/// never overwriting what payroll was already sent. Implemented by month close.
/// </summary>
public interface IMonthPublishing
{
    /// <summary>Publishes the next version of a closed month; null when the month was never published (close it first).</summary>
    Task<PublishedVersion?> RepublishAsync(YearMonth month, string reason, CancellationToken cancellationToken);
}

/// <summary>One published version of a month, as the HR API reports it.</summary>
public sealed record PublishedVersion(YearMonth Month, int Version, string RulesVersion, DateTimeOffset GeneratedAt, string? Reason);
