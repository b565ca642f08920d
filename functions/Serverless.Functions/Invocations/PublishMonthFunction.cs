using System.Text.Json.Serialization;
using Serverless.CustomHandler;
using Serverless.Domain.Metrics;
using Serverless.Domain.Pipeline;

namespace Serverless.Functions.Invocations;

/// <summary>The <c>PublishMonth</c> trigger's data: the timer's status (binding <c>timer</c>).</summary>
public sealed record PublishMonthData([property: JsonPropertyName("timer")] TimerInfo? Timer);

/// <summary>The monthly timer: closes the last complete month in Asia/Shanghai.</summary>
public sealed class PublishMonthFunction(MonthPublisher publisher, BusinessCalendar calendar)
{
    public async Task<InvocationResponse<NoOutputs>> RunAsync(InvocationRequest<PublishMonthData> request, CancellationToken cancellationToken)
    {
        if (request.Data.Timer is null) throw new InvocationDataException("Data.timer is missing.");
        var summary = await publisher.PublishAsync(calendar.MonthToClose, cancellationToken);
        return new InvocationResponse<NoOutputs>(null, [summary]);
    }
}
