using Serverless.Domain.Metrics;
using Serverless.Application.Ports;

namespace Serverless.Application.UseCases;

/// <summary>
/// Re-scores an open month on request (e.g. after a new rules version took effect within it): score requests for
/// every agent-day with stored metrics or work items, each day in batches within the <see cref="ScoreRequestLimits"/> it is given.
/// Scoring overwrites, so sending these twice changes nothing.
/// </summary>
public sealed class MonthRescorer(IMetricsStore metrics, IWorkItemStore workItems, ScoreRequestLimits limits)
{
    public async Task<IReadOnlyList<ScoreRequest>> RequestsForMonthAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var requests = new List<ScoreRequest>();
        foreach (var day in month.Days())
        {
            // An agent with work items alone has a scored day under the workload scheme, so it is re-scored too.
            var agentIds = (await metrics.GetAgentIdsAsync(day, cancellationToken))
                .Union((await workItems.GetDayAsync(day, cancellationToken)).Select(i => i.AgentId), StringComparer.Ordinal)
                .Order(StringComparer.Ordinal).ToList();
            requests.AddRange(ScoreRequest.Batches(day, agentIds, $"re-score {month}", null, limits));
        }
        return requests;
    }
}
