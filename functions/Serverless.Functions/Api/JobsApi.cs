using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Serverless.Application.Ports;
using Serverless.Domain.Jobs;

namespace Serverless.Functions.Api;

/// <summary>
/// Long HR operations run as jobs: <c>POST /api/months/{m}/rescore</c> answers 202 with the job and its
/// <c>Location</c>, <c>GET /api/jobs/{id}</c> says how far it is (days and agent-days done of the total), and its
/// outcome: the result when it succeeded, a problem-details object when it failed.
/// </summary>
public static class JobsApi
{
    /// <summary>How long a client is asked to wait before looking at an unfinished job again.</summary>
    public const int RetryAfterSeconds = 5;

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/jobs/{id}", GetAsync).WithTags("Jobs").WithName("GetJob").RequireAuthorization(ApiRoles.ReadPolicy)
            .WithDescription("A job (a month's re-score): status queued, running, succeeded or failed; progress in days and agent-days done of the total (known once the job is planned); the result when it succeeded, the error as problem details when it failed. Retry-After while it runs.");
        return routes;
    }

    private static async Task<Results<Ok<JobResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string id, HttpResponse response, [FromServices] IMonthRescoring rescoring, CancellationToken cancellationToken)
    {
        if (!ApiInput.IsValidId(id)) return ApiProblem.Invalid("id", ApiInput.IdRule("A job id"));
        var job = await rescoring.GetAsync(id, cancellationToken);
        if (job is null) return ApiProblem.NotFound($"No job {id}.");
        if (!job.IsFinished) response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(Describe(job));
    }

    public static string Location(string id) => $"/api/jobs/{id}";

    /// <summary>The job as the API answers it.</summary>
    public static JobResponse Describe(RescoreJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var progress = new JobProgress(
            job.Planned, job.DaysDone, job.Planned ? job.DaysTotal : null, job.AgentDaysDone, job.Planned ? job.AgentDaysTotal : null,
            job.Status == JobStatus.Succeeded ? 100 : job.Planned && job.AgentDaysTotal > 0 ? Math.Round(100.0 * job.AgentDaysDone / job.AgentDaysTotal, 1) : 0);
        var error = job.Status == JobStatus.Failed
            ? new ProblemDetails { Title = "The re-score failed", Detail = job.Error, Instance = Location(job.Id), Type = "about:blank" }
            : null;
        return new JobResponse(
            job.Id, "rescore", job.Status.ToString().ToLowerInvariant(), job.Month.ToString(), job.Reason, job.RequestedBy,
            job.CreatedAt, job.UpdatedAt, progress,
            job.Status == JobStatus.Succeeded ? new RescoreResponse(job.Month.ToString(), job.AgentDaysDone, job.Agents) : null,
            error, job.IsFinished ? null : job.LastError);
    }
}

/// <summary>A job: what it is, how far it is and how it ended.</summary>
public sealed record JobResponse(
    string Id, string Kind, string Status, string Month, string Reason, string RequestedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    JobProgress Progress, RescoreResponse? Result, ProblemDetails? Error, string? LastError);

/// <summary>Days and agent-days done; the totals once the job is planned (its first step counts them).</summary>
public sealed record JobProgress(bool Planned, int DaysDone, int? DaysTotal, int AgentDaysDone, int? AgentDaysTotal, double Percent);
