using Serverless.Domain.Ports;

namespace Serverless.Domain.Pipeline;

/// <summary>
/// Scores the agent-days of one <see cref="ScoreRequest"/> from their stored metrics. Keyed writes only:
/// scoring a request twice, or two requests for one agent-day, leaves one result.
/// </summary>
public sealed class AgentDayScorer(IMetricsStore metrics, IRosterStore roster, IDaySummaryStore scored)
{
    /// <summary>Agents not on the roster are scored under this department and reported, never dropped.</summary>
    public const string UnassignedDepartment = "unassigned";

    public async Task<string> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken)
    {
        var agentIds = request.AgentIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var days = await metrics.GetAsync(request.Date, agentIds, cancellationToken);
        var people = await roster.GetAsync(agentIds, cancellationToken);
        var summaries = days
            .Select(d => new DaySummary(d.AgentId, d.Date, people.TryGetValue(d.AgentId, out var p) ? p.Department : UnassignedDepartment, d.AnsweredCalls, d.AverageHandleSeconds))
            .ToList();
        await scored.UpsertAsync(summaries, cancellationToken);
        var gone = agentIds.Except(days.Select(d => d.AgentId), StringComparer.Ordinal).ToList();
        await scored.DeleteAsync(request.Date, gone, cancellationToken);
        var unassigned = summaries.Count(s => s.Department == UnassignedDepartment);
        return $"Scored {summaries.Count} agent-days of {request.Date:yyyy-MM-dd} ({unassigned} not on the roster, {gone.Count} cleared).";
    }
}
