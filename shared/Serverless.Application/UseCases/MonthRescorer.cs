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
            requests.AddRange(await RequestsForDayAsync(day, $"re-score {month}", cancellationToken));
        }
        return requests;
    }

    /// <summary>The day's agents to re-score, in batches, each request with <paramref name="reason"/>.</summary>
    public async Task<IReadOnlyList<ScoreRequest>> RequestsForDayAsync(DateOnly day, string reason, CancellationToken cancellationToken) =>
        [.. ScoreRequest.Batches(day, await AgentsOfDayAsync(day, cancellationToken), reason, null, limits)];

    /// <summary>The agents with a scored day on <paramref name="day"/>: stored metrics, or work items alone.</summary>
    public async Task<IReadOnlyList<string>> AgentsOfDayAsync(DateOnly day, CancellationToken cancellationToken) =>
        // An agent with work items alone has a scored day under the workload scheme, so it is re-scored too.
        [.. (await metrics.GetAgentIdsAsync(day, cancellationToken))
            .Union((await workItems.GetDayAsync(day, cancellationToken)).Select(i => i.AgentId), StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
}
