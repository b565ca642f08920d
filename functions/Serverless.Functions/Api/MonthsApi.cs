using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Publishing;
using Serverless.Domain.Exports;
using Serverless.Storage;

namespace Serverless.Functions.Api;

/// <summary>
/// Published months: the ranking (paged, by department), the bonus, the files themselves with ETags (CSV, XLSX,
/// payroll feed, manifest, diff), HR's versioned publish with a reason (v1 of a month never published, v{n+1} after),
/// and a re-score.
/// Every read is of the latest version unless <c>?version=</c> names one.
/// </summary>
public static class MonthsApi
{
    public static IEndpointRouteBuilder MapMonthsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/months/{month}").WithTags("Months").WithMetadata(new RequestBodyLimit(RequestBodyLimit.Default));
        group.MapGet("/ranking", RankingAsync).WithName("GetRanking").RequireAuthorization(ApiRoles.ReadPolicy);
        group.MapGet("/bonus", BonusAsync).WithName("GetBonus").RequireAuthorization(ApiRoles.ReadPolicy);
        group.MapGet("/files/{file}", FileAsync).WithName("GetMonthFile").RequireAuthorization(ApiRoles.ReadPolicy)
            .WithDescription("Files: ranking.csv, ranking.xlsx, ranking.json, bonus.csv, payroll.csv, diff.csv, payroll-delta.csv, manifest.json. Sends an ETag; If-None-Match answers 304.");
        group.MapPost("/publish", PublishAsync).WithName("RepublishMonth").RequireAuthorization(ApiRoles.WritePolicy)
            .WithDescription("Publishes an ended month with a reason: 201 with v1 if it was never published, 201 with the next version if its ranking changed, 200 with the version in force if not; 409 with Retry-After while another publication is being written; 409 \"Month incomplete\" (with the gaps and the completeness route) when a month never published has gaps under the wait policy, unless acceptGaps is true; 422 when no rules are in force or no day is scored.");
        group.MapGet("/completeness", CompletenessAsync).WithName("GetMonthCompleteness").RequireAuthorization(ApiRoles.ReadPolicy)
            .WithDescription("The month's day × kind × source matrix: accepted, with-errors, duplicate, rejected, importing or missing, each with its import report; the gaps the close waits for; and the imports received after the month was closed.");
        group.MapPost("/rescore", RescoreAsync).WithName("RescoreMonth").RequireAuthorization(ApiRoles.WritePolicy)
            .WithDescription("Re-scores a started month's agent-days under the rules in force on each day, as a job: 202 with the job and Location /api/jobs/{id} (the id is the Idempotency-Key, which is required; a retry with it answers the same job with Idempotent-Replayed: true, the key reused for another month or reason is a 409). The ledger changes day by day as the job runs; published files change only by a re-publication.");
        return routes;
    }

    private static async Task<Results<Ok<RankingPage>, ValidationProblem, ProblemHttpResult>> RankingAsync(
        string month, string? department, int? page, int? pageSize, int? version, IPublishedMonths published, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ApiInput.TryMonth(month, out var parsed)) errors["month"] = ["month must be yyyy-MM."];
        if (!ApiInput.TryPageSize(pageSize, out var size, out var sizeError)) errors["pageSize"] = [sizeError!];
        if (page is < 1 or > 100_000) errors["page"] = ["page starts at 1."];
        if (version is < 1) errors["version"] = ["version starts at 1."];
        if (errors.Count > 0) return ApiProblem.Invalid(errors);

        var (document, problem) = await ReadRankingAsync(published, parsed, version, cancellationToken);
        if (document is null) return problem!;
        var rows = department is null ? document.Rows : document.Rows.Where(r => string.Equals(r.Department, department, StringComparison.Ordinal)).ToList();
        var number = page ?? 1;
        return TypedResults.Ok(new RankingPage(
            document.Month, document.Version, document.RulesVersion, document.GeneratedAt, document.Reason, document.Summary,
            department, rows.Count, number, size, rows.Skip((number - 1) * size).Take(size).ToList()));
    }

    private static async Task<Results<Ok<BonusResponse>, ValidationProblem, ProblemHttpResult>> BonusAsync(
        string month, int? version, IPublishedMonths published, CancellationToken cancellationToken)
    {
        if (!ApiInput.TryMonth(month, out var parsed)) return ApiProblem.Invalid("month", "month must be yyyy-MM.");
        if (version is < 1) return ApiProblem.Invalid("version", "version starts at 1.");
        var (document, problem) = await ReadRankingAsync(published, parsed, version, cancellationToken);
        if (document is null) return problem!;
        return TypedResults.Ok(new BonusResponse(document.Month, document.Version, document.RulesVersion, document.Summary, document.Rows.Where(r => r.Tier is not null).ToList()));
    }

    private static async Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> FileAsync(
        string month, string file, int? version, IPublishedMonths published, CancellationToken cancellationToken)
    {
        if (!ApiInput.TryMonth(month, out var parsed)) return ApiProblem.Invalid("month", "month must be yyyy-MM.");
        if (!MonthPublication.FileNames.Contains(file)) return ApiProblem.Invalid("file", $"file must be one of {string.Join(", ", MonthPublication.FileNames)}.");
        if (version is < 1) return ApiProblem.Invalid("version", "version starts at 1.");
        var number = version ?? await published.GetLatestVersionAsync(parsed, cancellationToken);
        if (number is null) return NotPublished(parsed);
        var content = await published.OpenFileAsync(parsed, number.Value, file, cancellationToken);
        if (content is null) return ApiProblem.NotFound($"Version {number} of {parsed} has no {file}{(file is MonthPublication.DiffCsvName or MonthPublication.PayrollDeltaCsvName ? " (only re-publications have a diff and a payroll delta)" : "")}.");
        // The result sends the ETag and answers If-None-Match with 304 itself; it disposes the stream either way.
        return TypedResults.Stream(content.Content, content.ContentType, $"{parsed}-v{number}-{file}", content.LastModified, EntityTagHeaderValue.Parse(content.ETag));
    }

    /// <summary>
    /// HR's publication of an ended month: 201 with v1 for a month never published, 201 with v{n+1} when the ranking
    /// changed, 200 with the version in force when it did not; 409 + Retry-After while another publication is being
    /// written, 422 when no rules are in force or no day of the month is scored.
    /// </summary>
    private static async Task<Results<Created<PublishResponse>, Ok<PublishResponse>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        string month, PublishInput body, ClaimsPrincipal user, HttpResponse response, [FromServices] IMonthPublishing publishing, TimeProvider clock,
        ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var (parsed, reason, invalid, problem) = ClosedMonthAndReason(month, new ReasonInput(body.Reason), clock);
        if (invalid is not null) return invalid;
        if (problem is not null) return problem;
        var result = await publishing.PublishAsync(parsed, reason!, body.AcceptGaps, cancellationToken);
        var log = logs.CreateLogger(typeof(MonthsApi));
        if (result.Version is not { } version)
        {
            ApiLog.NotRepublished(log, parsed.ToString(), result.Status.ToString(), user.CallerName());
            return result.Status switch
            {
                MonthPublishingStatus.Busy => ApiProblem.Busy(response, result.Message, result.RetryAfter ?? TimeSpan.FromSeconds(30)),
                MonthPublishingStatus.NoRules => ApiProblem.Unprocessable("No rules in force", result.Message + " (POST /api/rules)"),
                MonthPublishingStatus.Incomplete => ApiProblem.Incomplete(result.Message, $"/api/months/{parsed}/completeness",
                    result.Completeness?.ForManifest(gapsAccepted: false).Gaps ?? []),
                _ => ApiProblem.Unprocessable("Nothing to publish", result.Message),
            };
        }
        var manifest = $"/api/months/{parsed}/files/{MonthPublication.ManifestName}?version={version.Version}";
        var answer = new PublishResponse(parsed.ToString(), version.Version, version.RulesVersion, version.GeneratedAt, version.Reason, manifest);
        if (result.Status == MonthPublishingStatus.Unchanged) return TypedResults.Ok(answer);
        ApiLog.Republished(log, parsed.ToString(), version.Version, user.CallerName());
        // v1 published over the gaps the completeness check found is its own kind of change in the audit trail.
        if (body.AcceptGaps && version.Version == 1) response.HttpContext.Items[AuditTrailRecording.KindItem] = "completeness-override";
        return TypedResults.Created(manifest, answer);
    }

    /// <summary>The month's completeness matrix (a month under way up to today), as the close judges it before v1.</summary>
    private static async Task<Results<Ok<CompletenessResponse>, ValidationProblem>> CompletenessAsync(
        string month, [FromServices] Serverless.Application.UseCases.MonthCompletenessCheck completeness, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!ApiInput.TryMonth(month, out var parsed)) return ApiProblem.Invalid("month", "month must be yyyy-MM.");
        if (parsed.CompareTo(YearMonth.Of(new BusinessCalendar(clock).Today)) > 0) return ApiProblem.Invalid("month", $"{parsed} has not started; nothing to check.");
        var found = await completeness.CheckAsync(parsed, cancellationToken);
        static string Report(DateOnly date, string importId) => $"/api/imports/{date:yyyy-MM-dd}/{importId}/report";
        var days = found.Cells.GroupBy(c => c.Date).OrderBy(g => g.Key)
            .Select(g => new CompletenessDay(g.Key, !g.Any(c => c.Gap), [.. g.Select(c => new CompletenessEntry(
                c.Kind.ToPathName(), c.Source, MonthCompleteness.StateName(c.State), c.Required, c.Gap, c.ImportId, c.ReceivedAt, c.AfterClose, c.RejectionReason,
                c.ImportId is null ? null : Report(c.Date, c.ImportId)))]))
            .ToList();
        var late = found.AfterClose.Select(a => new LateImport(a.ImportId, a.Kind.ToPathName(), a.Date, a.Source, MonthCompleteness.StateName(a.State), a.ReceivedAt, Report(a.Date, a.ImportId))).ToList();
        var gaps = found.ForManifest(gapsAccepted: false).Gaps;
        return TypedResults.Ok(new CompletenessResponse(
            parsed.ToString(), found.IsComplete, found.Rules.Policy.ToString().ToLowerInvariant(),
            [.. found.Rules.RequiredKinds.Select(k => k.ToPathName())], [.. found.Rules.OptionalKinds.Select(k => k.ToPathName())],
            found.Sources, found.ClosedAt, gaps.Count, days, gaps, late));
    }

    /// <summary>
    /// HR's re-score of a started month, as a job: 202 with the job and its <c>Location</c> (<c>/api/jobs/{id}</c>, the
    /// job's id is the caller's <c>Idempotency-Key</c>); a retry with the same key answers the same job with
    /// <c>Idempotent-Replayed: true</c>, the key reused for another month or reason is a 409.
    /// </summary>
    private static async Task<Results<Accepted<JobResponse>, ValidationProblem, ProblemHttpResult>> RescoreAsync(
        string month, ReasonInput body, [FromHeader(Name = EntryApi.IdempotencyHeader)] string? idempotencyKey, ClaimsPrincipal user, HttpResponse response,
        [FromServices] IMonthRescoring rescoring, TimeProvider clock, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ApiInput.TryMonth(month, out var parsed)) errors["month"] = ["month must be yyyy-MM."];
        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > ReasonInput.MaxLength) errors["reason"] = [$"A re-score needs a reason (1–{ReasonInput.MaxLength} characters)."];
        if (EntryApi.KeyErrors(idempotencyKey) is { } keyErrors) errors[EntryApi.IdempotencyHeader] = keyErrors;
        if (errors.Count > 0) return ApiProblem.Invalid(errors);
        if (parsed.CompareTo(YearMonth.Of(new BusinessCalendar(clock).Today)) > 0) return ApiProblem.Invalid("month", $"{parsed} has not started; nothing to re-score.");
        var reason = body.Reason!.Trim();
        var start = await rescoring.StartAsync(idempotencyKey!, parsed, reason, user.CallerName(), cancellationToken);
        if (start.Existing)
        {
            if (start.Job.Month != parsed || start.Job.Reason != reason)
            {
                return ApiProblem.Conflict($"{EntryApi.IdempotencyHeader} {idempotencyKey} was already used for another job ({start.Job.Month}, \"{start.Job.Reason}\"); use a new key for a new re-score.");
            }
            response.Headers[EntryApi.ReplayedHeader] = "true";
        }
        else
        {
            ApiLog.RescoreQueued(logs.CreateLogger(typeof(MonthsApi)), parsed.ToString(), start.Job.Id, user.CallerName());
        }
        if (!start.Job.IsFinished) response.Headers.RetryAfter = JobsApi.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Accepted(JobsApi.Location(start.Job.Id), JobsApi.Describe(start.Job));
    }

    private static (YearMonth Month, string? Reason, ValidationProblem? Invalid, ProblemHttpResult? Problem) ClosedMonthAndReason(string month, ReasonInput body, TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ApiInput.TryMonth(month, out var parsed)) errors["month"] = ["month must be yyyy-MM."];
        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > ReasonInput.MaxLength)
        {
            errors["reason"] = [$"A publication needs a reason (1–{ReasonInput.MaxLength} characters): it is what payroll and auditors read in the manifest."];
        }
        if (errors.Count > 0) return (parsed, null, ApiProblem.Invalid(errors), null);
        if (parsed.CompareTo(new BusinessCalendar(clock).MonthToClose) > 0)
        {
            return (parsed, null, null, ApiProblem.Conflict($"{parsed} has not ended yet (Asia/Shanghai); a month is published once it is over."));
        }
        return (parsed, body.Reason!.Trim(), null, null);
    }

    internal static async Task<(RankingDocument? Document, ProblemHttpResult? Problem)> ReadRankingAsync(
        IPublishedMonths published, YearMonth month, int? version, CancellationToken cancellationToken)
    {
        var number = version ?? await published.GetLatestVersionAsync(month, cancellationToken);
        if (number is null) return (null, NotPublished(month));
        await using var content = await published.OpenFileAsync(month, number.Value, MonthPublication.RankingJsonName, cancellationToken);
        if (content is null) return (null, ApiProblem.NotFound($"{month} has no version {number}."));
        // Buffered first: the JSON reader is synchronous and must not block on the network.
        using var buffer = new MemoryStream();
        await content.Content.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        return (RankingJson.Read(buffer), null);
    }

    private static ProblemHttpResult NotPublished(YearMonth month) =>
        ApiProblem.NotFound($"{month} has not been published; month close publishes version 1 after the month ends.");
}
