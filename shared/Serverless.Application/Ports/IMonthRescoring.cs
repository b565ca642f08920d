using Serverless.Domain.Jobs;
using Serverless.Domain.Metrics;

namespace Serverless.Application.Ports;

/// <summary>
/// Re-scores a month's agent-days from stored metrics under the rules in force on each day (e.g. after a roster or
/// rules correction), as a job: starting it queues the job and answers at once; the work runs from the job queue.
/// It changes the ledger only: a closed month's files change only by <see cref="IMonthPublishing"/>.
/// </summary>
public interface IMonthRescoring
{
    /// <summary>
    /// Queues a re-score of <paramref name="month"/> as job <paramref name="jobId"/>, or finds the job of that id a
    /// retried request queued before (<see cref="RescoreStart.Existing"/>).
    /// </summary>
    Task<RescoreStart> StartAsync(string jobId, YearMonth month, string reason, string requestedBy, CancellationToken cancellationToken);

    /// <summary>
    /// Queues a what-if of rules <paramref name="rulesVersion"/> on <paramref name="month"/> as job <paramref name="jobId"/>
    /// (<see cref="JobKind.WhatIf"/>: it writes no ledger and no month file, only its own report), or finds the job of that id.
    /// </summary>
    Task<RescoreStart> StartWhatIfAsync(string jobId, YearMonth month, string rulesVersion, string requestedBy, CancellationToken cancellationToken);

    /// <summary>The job, or null when there is none of that id.</summary>
    Task<RescoreJob?> GetAsync(string jobId, CancellationToken cancellationToken);
}

/// <summary>The job a start found or queued; <see cref="Existing"/> when its id was taken before (a retry, or a reused key).</summary>
public sealed record RescoreStart(RescoreJob Job, bool Existing);
