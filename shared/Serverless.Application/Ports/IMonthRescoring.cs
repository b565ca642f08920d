using Serverless.Domain.Metrics;

namespace Serverless.Application.Ports;

/// <summary>
/// Re-scores a month's agent-days from stored metrics under the rules in force on each day (e.g. after a roster or
/// rules correction). It changes the ledger only: a closed month's files change only by <see cref="IMonthPublishing"/>.
/// </summary>
public interface IMonthRescoring
{
    Task<RescoreSummary> RescoreAsync(YearMonth month, string reason, CancellationToken cancellationToken);
}

/// <summary>What a re-score touched.</summary>
public sealed record RescoreSummary(YearMonth Month, int AgentDays, int Agents);
