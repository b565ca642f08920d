using Serverless.Domain.Metrics;
using Serverless.Domain.Ports;

namespace Serverless.Domain.Pipeline;

/// <summary>
/// Re-scores an open month on request (e.g. after a new rules version took effect within it): score requests for
/// every agent-day with stored metrics, each day in batches of <see cref="ScoreRequest.MaxAgentsPerRequest"/>.
/// Scoring overwrites, so sending these twice changes nothing.
/// </summary>
public sealed class MonthRescorer(IMetricsStore metrics)
{
    public async Task<IReadOnlyList<ScoreRequest>> RequestsForMonthAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var requests = new List<ScoreRequest>();
        foreach (var day in month.Days())
        {
            var agentIds = await metrics.GetAgentIdsAsync(day, cancellationToken);
            requests.AddRange(ScoreRequest.Batches(day, agentIds, $"re-score {month}", null));
        }
        return requests;
    }
}
