using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;

namespace Serverless.Application.Ports;

/// <summary>Each agent's closed months (累计积分 and 星级 by month): what month close reads for "cumulative before" and previous stars.</summary>
public interface IStandingStore
{
    Task<IReadOnlyDictionary<string, AgentStanding>> GetAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records (or replaces) one month's points and stars for each agent given; other months are kept. Replacing rather than
    /// adding is what makes a retried close or an HR re-publication of that month count it once. Safe under concurrent calls.
    /// </summary>
    Task RecordMonthAsync(YearMonth month, int version, IReadOnlyList<ClosedMonthPoints> points, CancellationToken cancellationToken);
}
