using Serverless.Domain.Metrics;
using Serverless.Application.Ports;

namespace Serverless.Application.UseCases;

/// <summary>
/// The HR API's re-score of an open month, done within the call: the handler has no Service Bus client of its own
/// (messages leave only through output bindings, which a proxied HTTP function does not have), and scoring
/// overwrites, so a retried call repeats harmlessly.
/// </summary>
public sealed class MonthRescoring(MonthRescorer rescorer, AgentDayScorer scorer) : IMonthRescoring
{
    public async Task<RescoreSummary> RescoreAsync(YearMonth month, string reason, CancellationToken cancellationToken)
    {
        var requests = await rescorer.RequestsForMonthAsync(month, cancellationToken);
        foreach (var request in requests)
        {
            await scorer.ScoreAsync(request with { Reason = $"re-score {month}: {reason}" }, cancellationToken);
        }
        var agents = requests.SelectMany(r => r.AgentIds).Distinct(StringComparer.Ordinal).Count();
        return new RescoreSummary(month, requests.Sum(r => r.AgentIds.Count), agents);
    }
}
