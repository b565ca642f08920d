using Serverless.CustomHandler;
using Serverless.Application.UseCases;

namespace Serverless.Functions.Invocations;

/// <summary>
/// The provisional ranking's timer (schedule <c>%RefreshProvisionalSchedule%</c>, UTC, default every 5 minutes): stores
/// the running month's ranking as a close would rank it now (and the month before until it is published), so the web
/// app's provisional leaderboard reads one document. Unchanged standings write nothing; see <see cref="ProvisionalRanking"/>.
/// No retry policy: a failed refresh is simply done again at the next firing.
/// </summary>
public sealed class RefreshProvisionalFunction(ProvisionalRanking provisional, ILogger<RefreshProvisionalFunction> logger)
{
    public async Task<InvocationResponse<NoOutputs>> RunAsync(InvocationRequest<PublishMonthData> request, CancellationToken cancellationToken)
    {
        if (request.Data.Timer is null) throw new InvocationDataException("Data.timer is missing.");
        var logs = new List<string>();
        foreach (var refresh in await provisional.RefreshAsync(cancellationToken))
        {
            Log.ProvisionalRefreshed(logger, refresh.Month.ToString(), refresh.Status);
            logs.Add($"{refresh.Month}: {refresh.Status.ToString().ToLowerInvariant()}");
        }
        return new InvocationResponse<NoOutputs>(null, logs);
    }
}
