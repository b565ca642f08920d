using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Serverless.Application.Ports;
using Serverless.Domain.Jobs;
using Serverless.Domain.Publishing;

namespace Serverless.Functions.Api;

/// <summary>
/// Long HR operations run as jobs: <c>POST /api/months/{m}/rescore</c> and <c>POST /api/rules/{version}/whatif</c> answer
/// 202 with the job and its <c>Location</c>, <c>GET /api/jobs/{id}</c> says how far it is (days and agent-days done of the
/// total), and its outcome: the result when it succeeded, a problem-details object when it failed. A what-if's report is
/// the job's files, <c>GET /api/jobs/{id}/files/what-if.json</c> and <c>what-if.csv</c>.
/// </summary>
public static class JobsApi
{
    /// <summary>How long a client is asked to wait before looking at an unfinished job again.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>A what-if job's files.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [WhatIfReport.JsonName, WhatIfReport.CsvName];

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/jobs/{id}", GetAsync).WithTags("Jobs").WithName("GetJob").RequireAuthorization(ApiRoles.ReadPolicy)
            .WithDescription("A job (a month's re-score, or a rules what-if): status queued, running, succeeded or failed; progress in days and agent-days done of the total (known once the job is planned); the result when it succeeded (a what-if's totals and its report files), the error as problem details when it failed. Retry-After while it runs.");
        routes.MapGet("/api/jobs/{id}/files/{file}", FileAsync).WithTags("Jobs").WithName("GetJobFile").RequireAuthorization(ApiRoles.ReadPolicy)
            .WithDescription("A succeeded what-if's report: what-if.json (totals, tiers entered and left, dimension averages before and after, every agent's rank, tier, points and bonus before and after) or what-if.csv (one line per agent). Sends an ETag; If-None-Match answers 304. 404 for a job that has none (a re-score, or a what-if not finished).");
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

    private static async Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> FileAsync(
        string id, string file, [FromServices] IMonthRescoring rescoring, [FromServices] IWhatIfStore reports, CancellationToken cancellationToken)
    {
        if (!ApiInput.IsValidId(id)) return ApiProblem.Invalid("id", ApiInput.IdRule("A job id"));
        if (!FileNames.Contains(file)) return ApiProblem.Invalid("file", $"file must be one of {string.Join(", ", FileNames)}.");
        var job = await rescoring.GetAsync(id, cancellationToken);
        if (job is null) return ApiProblem.NotFound($"No job {id}.");
        if (job.Kind != JobKind.WhatIf) return ApiProblem.NotFound($"Job {id} is a re-score: it changes the ledger and has no report files.");
        if (job.Status != JobStatus.Succeeded) return ApiProblem.NotFound($"What-if {id} is {job.Status.ToString().ToLowerInvariant()}: its report is written when it succeeds (GET {Location(id)}).");
        var content = await reports.OpenReportAsync(id, file, cancellationToken);
        if (content is null) return ApiProblem.NotFound($"What-if {id} has no {file}.");
        // The result sends the ETag and answers If-None-Match with 304 itself; it disposes the stream either way.
        return TypedResults.Stream(content.Content, content.ContentType, $"{job.Month}-{job.RulesVersion}-{file}", content.LastModified, EntityTagHeaderValue.Parse(content.ETag));
    }

    public static string Location(string id) => $"/api/jobs/{id}";

    public static string FileLocation(string id, string file) => $"/api/jobs/{id}/files/{file}";

    /// <summary>The job as the API answers it.</summary>
    public static JobResponse Describe(RescoreJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var progress = new JobProgress(
            job.Planned, job.DaysDone, job.Planned ? job.DaysTotal : null, job.AgentDaysDone, job.Planned ? job.AgentDaysTotal : null,
            job.Status == JobStatus.Succeeded ? 100 : job.Planned && job.AgentDaysTotal > 0 ? Math.Round(100.0 * job.AgentDaysDone / job.AgentDaysTotal, 1) : 0);
        var whatIf = job.Kind == JobKind.WhatIf;
        var error = job.Status == JobStatus.Failed
            ? new ProblemDetails { Title = whatIf ? "The what-if failed" : "The re-score failed", Detail = job.Error, Instance = Location(job.Id), Type = "about:blank" }
            : null;
        var succeeded = job.Status == JobStatus.Succeeded;
        return new JobResponse(
            job.Id, whatIf ? "whatif" : "rescore", job.Status.ToString().ToLowerInvariant(), job.Month.ToString(), job.Reason, job.RequestedBy,
            job.CreatedAt, job.UpdatedAt, progress,
            succeeded && !whatIf ? new RescoreResponse(job.Month.ToString(), job.AgentDaysDone, job.Agents) : null,
            error, job.IsFinished ? null : job.LastError)
        {
            RulesVersion = job.RulesVersion,
            WhatIf = succeeded && whatIf && job.WhatIf is { } totals
                ? new WhatIfResponse(job.Month.ToString(), job.RulesVersion!, job.AgentDaysDone, job.Agents, totals,
                    FileLocation(job.Id, WhatIfReport.JsonName), FileLocation(job.Id, WhatIfReport.CsvName))
                : null,
        };
    }
}

/// <summary>A job: what it is, how far it is and how it ended.</summary>
public sealed record JobResponse(
    string Id, string Kind, string Status, string Month, string Reason, string RequestedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    JobProgress Progress, RescoreResponse? Result, ProblemDetails? Error, string? LastError)
{
    /// <summary>A what-if's rules version (the draft it previews); absent for a re-score.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? RulesVersion { get; init; }

    /// <summary>A succeeded what-if's outcome: its totals and where its report files are.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public WhatIfResponse? WhatIf { get; init; }
}

/// <summary>Days and agent-days done; the totals once the job is planned (its first step counts them).</summary>
public sealed record JobProgress(bool Planned, int DaysDone, int? DaysTotal, int AgentDaysDone, int? AgentDaysTotal, double Percent);

/// <summary>
/// A what-if's outcome: the month and rules version previewed, the agent-days and agents scored, the totals (agents
/// ranked before and after, rank moves, tier changes, bonus total before, after and its change) and the report files.
/// </summary>
public sealed record WhatIfResponse(string Month, string RulesVersion, int AgentDays, int Agents, WhatIfTotals Totals, string Json, string Csv);
