using System.Text.Json.Serialization;
using Serverless.CustomHandler;
using Serverless.Application.UseCases;

namespace Serverless.Functions.Invocations;

/// <summary>The <c>ScoreAgentDays</c> trigger's data: one Service Bus message (binding <c>scoreRequest</c>).</summary>
public sealed record ScoreAgentDaysData([property: JsonPropertyName("scoreRequest")] TriggerValue<ScoreRequest>? ScoreRequest);

/// <summary>Service Bus <c>score-requests</c>: scores the message's agent-days. Keyed writes: a redelivery changes nothing.</summary>
public sealed class ScoreAgentDaysFunction(AgentDayScorer scorer)
{
    public async Task<InvocationResponse<NoOutputs>> RunAsync(InvocationRequest<ScoreAgentDaysData> request, CancellationToken cancellationToken)
    {
        var message = request.Data.ScoreRequest?.Value ?? throw new InvocationDataException("Data.scoreRequest is missing.");
        if (message.AgentIds is null || message.AgentIds.Count == 0)
        {
            throw new InvocationDataException("The score request names no agents.");
        }
        // A redelivery follows a failed attempt, which may have written month rows without their ledger rows.
        var summary = await scorer.ScoreAsync(message, redelivered: TransportLimits.IsRedelivery(request.Metadata), cancellationToken);
        return new InvocationResponse<NoOutputs>(null, [summary]);
    }
}
