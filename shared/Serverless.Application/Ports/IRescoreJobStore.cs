using Serverless.Domain.Jobs;

namespace Serverless.Application.Ports;

/// <summary>
/// Re-score jobs and their checkpoints (<see cref="RescoreJob"/>), one row a job. Added once (a retried request finds
/// the first), then replaced only under the ETag it was read with, so two deliveries of one chunk cannot both record it.
/// </summary>
public interface IRescoreJobStore
{
    /// <summary>Adds a new job; false when a job with its id exists already.</summary>
    Task<bool> AddAsync(RescoreJob job, CancellationToken cancellationToken);

    /// <summary>The job and the ETag of its row, or null.</summary>
    Task<StoredRescoreJob?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces the job's row if it is still at <paramref name="etag"/>; false when another writer changed it since.</summary>
    Task<bool> TryReplaceAsync(RescoreJob job, string etag, CancellationToken cancellationToken);
}

/// <summary>A job as read, with the ETag its next replace is conditional on.</summary>
public sealed record StoredRescoreJob(RescoreJob Job, string ETag);

/// <summary>The queue a re-score job's chunks travel on: each message names the job, and whoever takes it scores the job's next day.</summary>
public interface IRescoreJobQueue
{
    /// <summary>Sends one message for the job: its next chunk (or its plan, for a job not planned yet).</summary>
    Task EnqueueAsync(string jobId, CancellationToken cancellationToken);
}
