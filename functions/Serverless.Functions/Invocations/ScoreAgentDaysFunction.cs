using System.Text.Json.Serialization;
using Serverless.CustomHandler;
using Serverless.Application.UseCases;

namespace Serverless.Functions.Invocations;

/// <summary>The <c>ScoreAgentDays</c> trigger's data: one Service Bus message (binding <c>scoreRequest</c>).</summary>
public sealed record ScoreAgentDaysData([property: JsonPropertyName("scoreRequest")] TriggerValue<ScoreRequestMessage>? ScoreRequest);

/// <summary>Service Bus <c>score-requests</c>: scores the message's agent-days. Keyed writes: a redelivery changes nothing.</summary>
public sealed class ScoreAgentDaysFunction(AgentDayScorer scorer, Telemetry.PipelineTelemetry telemetry)
{
    /// <summary>score-requests' max delivery count (infra/modules/servicebus.bicep, CONTRACT.md).</summary>
    public const int MaxDeliveryCount = 10;

    public async Task<InvocationResponse<NoOutputs>> RunAsync(InvocationRequest<ScoreAgentDaysData> request, CancellationToken cancellationToken)
    {
        var message = request.Data.ScoreRequest?.Value ?? throw new InvocationDataException("Data.scoreRequest is missing.");
        if (message.AgentIds is null || message.AgentIds.Count == 0)
        {
            throw new InvocationDataException("The score request names no agents.");
        }
        var deliveryCount = request.Metadata?.DeliveryCount ?? 1;
        using var activity = telemetry.StartScoring(message.TraceParent, message.Date, message.AgentIds.Count, deliveryCount);
        var started = telemetry.Timestamp();
        try
        {
            // A redelivery follows a failed attempt, which may have written month rows without their ledger rows.
            var summary = await scorer.ScoreAsync(message.ToRequest(), redelivered: TransportLimits.IsRedelivery(request.Metadata), cancellationToken);
            telemetry.Scored(message.AgentIds.Count, telemetry.Since(started));
            return new InvocationResponse<NoOutputs>(null, [summary]);
        }
        catch (Exception error)
        {
            // The queue's maxDeliveryCount (infra: 10): the last failure is the one Service Bus dead-letters.
            telemetry.ScoringFailed(activity, error, deliveryCount, MaxDeliveryCount);
            throw;
        }
    }
}
