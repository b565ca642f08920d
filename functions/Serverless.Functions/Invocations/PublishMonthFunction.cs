using System.Text.Json.Serialization;
using Serverless.CustomHandler;
using Serverless.Domain.Metrics;
using Serverless.Application.UseCases;

namespace Serverless.Functions.Invocations;

/// <summary>The <c>PublishMonth</c> trigger's data: the timer's status (binding <c>timer</c>), an object as the host sends it, or a JSON string.</summary>
public sealed record PublishMonthData([property: JsonPropertyName("timer")] TriggerValue<TimerInfo>? Timer);

/// <summary>
/// The monthly timer (schedule <c>%PublishMonthSchedule%</c>, in UTC as on Flex Consumption): closes the last complete month
/// in Asia/Shanghai. Firing again, or on two instances at once, publishes once; see <see cref="MonthPublisher"/>.
/// </summary>
public sealed class PublishMonthFunction(MonthPublisher publisher, BusinessCalendar calendar, ILogger<PublishMonthFunction> logger, Telemetry.PipelineTelemetry telemetry)
{
    public async Task<InvocationResponse<NoOutputs>> RunAsync(InvocationRequest<PublishMonthData> request, CancellationToken cancellationToken)
    {
        if (request.Data.Timer is null) throw new InvocationDataException("Data.timer is missing.");
        var month = calendar.MonthToClose;
        var started = telemetry.Timestamp();
        var outcome = await publisher.PublishAsync(month, cancellationToken);
        telemetry.MonthClosed(telemetry.Since(started), outcome.Status.ToString().ToLowerInvariant());
        switch (outcome.Status)
        {
            case MonthCloseStatus.Published:
                Log.MonthPublished(logger, month.ToString(), outcome.Version ?? 0);
                break;
            case MonthCloseStatus.AlreadyPublished:
                Log.MonthAlreadyPublished(logger, month.ToString(), outcome.Version ?? 0);
                break;
            case MonthCloseStatus.InProgress:
                // A failure on purpose: the host's retry policy comes back later, by when the claim is finished or stale.
                throw new InvalidOperationException(outcome.Message);
            default:
                Log.MonthNotPublished(logger, month.ToString(), outcome.Status, outcome.Message);
                break;
        }
        return new InvocationResponse<NoOutputs>(null, [outcome.Message]);
    }
}
