using System.Text.Json.Serialization;
using Serverless.Application.UseCases;
using Serverless.CustomHandler;

namespace Serverless.Functions.Invocations;

/// <summary>A <c>rescore-jobs</c> message: the job it is a step of, wrapped (<c>{"job": {"id": …}}</c>, see <c>RescoreJobQueue</c>).</summary>
public sealed record RescoreJobMessage([property: JsonPropertyName("job")] RescoreJobReference? Job);

public sealed record RescoreJobReference([property: JsonPropertyName("id")] string? Id);

/// <summary>The <c>RescoreJobs</c> and <c>RescoreJobsPoison</c> triggers' data: one storage queue message (binding <c>job</c>).</summary>
public sealed record RescoreJobsData([property: JsonPropertyName("job")] TriggerValue<RescoreJobMessage>? Job);

/// <summary>
/// Storage queue <c>rescore-jobs</c> (<c>queueTrigger</c>): one step of a re-score job, the job's plan or its next day
/// (<see cref="RescoreJobRunner"/>). A failed step fails the invocation, so the host makes the message visible again and
/// delivers it once more; on its last delivery (host.json <c>extensions.queues.maxDequeueCount</c>) the job is marked
/// failed with the error before the host moves the message to <c>rescore-jobs-poison</c>.
/// </summary>
public sealed class RescoreJobsFunction(RescoreJobRunner runner)
{
    /// <summary>host.json <c>extensions.queues.maxDequeueCount</c> (a test holds the two equal).</summary>
    public const int MaxDequeueCount = 5;

    public async Task<InvocationResponse<NoOutputs>> RunAsync(InvocationRequest<RescoreJobsData> request, CancellationToken cancellationToken)
    {
        var jobId = JobId(request);
        var dequeueCount = request.Metadata?.DequeueCount ?? 1;
        try
        {
            var summary = await runner.RunAsync(jobId, redelivered: dequeueCount > 1, cancellationToken);
            return new InvocationResponse<NoOutputs>(null, [summary]);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var last = dequeueCount >= MaxDequeueCount;
            var reason = last
                ? $"The step failed on its last delivery ({dequeueCount} of {MaxDequeueCount}): {error.Message}"
                : $"Delivery {dequeueCount} of {MaxDequeueCount} failed: {error.Message}";
            // Best effort: the job's row may be what is failing; the poison function marks the job failed in any case.
            try { await runner.RecordFailureAsync(jobId, reason, last, CancellationToken.None); }
            catch (Exception) when (!last) { }
            throw;
        }
    }

    internal static string JobId(InvocationRequest<RescoreJobsData> request)
    {
        var message = request.Data.Job?.Value ?? throw new InvocationDataException("Data.job is missing.");
        var id = message.Job?.Id;
        if (!Api.ApiInput.IsValidId(id)) throw new InvocationDataException("The message names no job: expected {\"job\": {\"id\": \"…\"}}.");
        return id!;
    }
}

/// <summary>
/// Storage queue <c>rescore-jobs-poison</c> (<c>queueTrigger</c>): a step the host gave up on after its max dequeue count.
/// The job is marked failed with that reason and the last error its attempts recorded, so <c>GET /api/jobs/{id}</c> says
/// why, even when the handler died on every attempt and could not say so itself.
/// </summary>
public sealed class RescoreJobsPoisonFunction(RescoreJobRunner runner)
{
    public async Task<InvocationResponse<NoOutputs>> RunAsync(InvocationRequest<RescoreJobsData> request, CancellationToken cancellationToken)
    {
        var jobId = RescoreJobsFunction.JobId(request);
        var summary = await runner.PoisonedAsync(jobId, Storage.Queues.RescoreJobsPoison, RescoreJobsFunction.MaxDequeueCount, cancellationToken);
        return new InvocationResponse<NoOutputs>(null, [summary]);
    }
}
