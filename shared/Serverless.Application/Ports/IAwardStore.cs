using Serverless.Domain.Metrics;

namespace Serverless.Application.Ports;

/// <summary>Team-building awards by month (the award's date decides the month it counts in).</summary>
public interface IAwardStore
{
    /// <summary>Adds an award or reversal; false when one with that id already exists (a retried call never double-awards).</summary>
    Task<bool> AddAsync(AwardEntry entry, CancellationToken cancellationToken);

    Task<AwardEntry?> GetAsync(YearMonth month, string awardId, CancellationToken cancellationToken);

    /// <summary>Every award and reversal dated in the month.</summary>
    Task<IReadOnlyList<AwardEntry>> GetMonthAsync(YearMonth month, CancellationToken cancellationToken);

    /// <summary>The awards in force for the month: reversed ones and their reversals left out.</summary>
    Task<IReadOnlyList<AwardEntry>> GetInForceAsync(YearMonth month, CancellationToken cancellationToken);
}
