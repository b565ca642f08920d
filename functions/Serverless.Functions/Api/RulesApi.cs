using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;
using Serverless.Application.UseCases;

namespace Serverless.Functions.Api;

/// <summary>
/// Rules versions: <c>GET /api/rules</c> (every version with its state), <c>GET /api/rules/{version}</c> (the file, to
/// download and edit), <c>GET /api/rules/{version}/status</c>, and the four-eyes life of a version: <c>POST /api/rules</c>
/// with a rules file (validated with line numbers) adds a draft, which never scores; another hr-admin
/// <c>POST /api/rules/{version}/approve</c>s it, and only then does it take effect from its <c>effectiveFrom</c>; a draft
/// is withdrawn with <c>POST /api/rules/{version}/withdraw</c> or <c>DELETE /api/rules/{version}</c>. A version is
/// previewed on a month before anyone approves it with <c>POST /api/rules/{version}/whatif</c> (a job; nothing written
/// but its report).
/// </summary>
public static class RulesApi
{
    public static IEndpointRouteBuilder MapRulesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/rules").WithTags("Rules").WithMetadata(new RequestBodyLimit(RequestBodyLimit.Default));
        group.MapGet("", ListAsync).WithName("ListRules").RequireAuthorization(ApiRoles.ReadPolicy);
        group.MapGet("/{version}", GetAsync).WithName("GetRules").RequireAuthorization(ApiRoles.ReadPolicy);
        group.MapGet("/{version}/status", StatusAsync).WithName("GetRulesStatus").RequireAuthorization(ApiRoles.ReadPolicy);
        group.MapPost("", AddAsync).WithName("AddRules").RequireAuthorization(ApiRoles.WritePolicy)
            .Accepts<JsonElement>("application/json")
            .WithDescription("The body is a rules file (see RULES.md). It is stored as a draft, which never scores, until another hr-admin approves it. effectiveFrom must be today or later in Asia/Shanghai: days already scored keep the rules that scored them.");
        group.MapPost("/{version}/approve", ApproveAsync).WithName("ApproveRules").RequireAuthorization(ApiRoles.WritePolicy)
            .WithDescription("Approves a draft: an hr-admin other than its author. From then on it scores from its effectiveFrom. A draft whose effectiveFrom has passed is approved only with \"rescore\": true, and the answer lists the months to re-score.");
        group.MapPost("/{version}/withdraw", PostWithdrawAsync).WithName("WithdrawRules").RequireAuthorization(ApiRoles.WritePolicy)
            .WithDescription("Withdraws a draft (its author or another hr-admin); it can no longer be approved. An approved version is not withdrawn.");
        group.MapPost("/{version}/whatif", WhatIfAsync).WithName("WhatIfRules").RequireAuthorization(ApiRoles.WritePolicy)
            .WithDescription("Previews a rules version (a draft, or an approved one) on a started month, as a job: every day of the month is scored under it, the month is ranked as the close ranks it, and the diff against the month as it stands (rank moves, who enters and leaves each tier, the bonus total before and after, dimension averages) is the job's report. No ledger, month row or month file is written. 202 with the job and Location /api/jobs/{id} (the id is the Idempotency-Key, which is required; a retry with it answers the same job with Idempotent-Replayed: true, the key used for another job is a 409); the report is GET /api/jobs/{id}/files/what-if.json and what-if.csv. 404 for an unknown version or a month without stored metrics, 409 for a withdrawn version.");
        group.MapDelete("/{version}", DeleteAsync).WithName("DeleteRules").RequireAuthorization(ApiRoles.WritePolicy)
            .WithDescription("The same as POST /api/rules/{version}/withdraw, with the reason in ?reason=.");
        return routes;
    }

    private static async Task<Ok<RulesVersions>> ListAsync(IRulesStore rules, TimeProvider clock, CancellationToken cancellationToken)
    {
        var versions = await rules.GetVersionsAsync(cancellationToken);
        var today = new BusinessCalendar(clock).Today;
        var book = RuleBook.Approved(versions).Value;
        return TypedResults.Ok(new RulesVersions(book?.InForceOn(today)?.Version, versions.Select(v => Summary(v)).ToList()));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetAsync(string version, IRulesStore rules, CancellationToken cancellationToken)
    {
        var found = await FindAsync(version, rules, cancellationToken);
        return found is null
            ? NotFound(version)
            : TypedResults.Text(found.Document.ToJson(), "application/json", Encoding.UTF8);
    }

    private static async Task<Results<Ok<RulesVersionSummary>, ProblemHttpResult>> StatusAsync(string version, IRulesStore rules, CancellationToken cancellationToken)
    {
        var found = await FindAsync(version, rules, cancellationToken);
        return found is null ? NotFound(version) : TypedResults.Ok(Summary(found));
    }

    private static async Task<Results<Created<RulesVersionSummary>, Ok<RulesVersionSummary>, ValidationProblem, ProblemHttpResult>> AddAsync(
        HttpRequest request, ClaimsPrincipal user, IRulesStore rules, TimeProvider clock, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        // Read as text, not bound: the validator reports line numbers of the file as sent, malformed JSON included.
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var json = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(json)) return ApiProblem.Invalid("body", "Send a rules file as the body (application/json).");

        var parsed = RulesDocument.Parse(json);
        if (parsed.Value is not { } document) return Refused(parsed.Errors, "The rules file was refused; each error names its line.");
        if (NamedCaller(user) is not { } author)
        {
            return ApiProblem.Forbidden("Posting a rules version needs a caller with a name (the principal's name): its approver must be someone else, which cannot be told without it.");
        }

        var today = new BusinessCalendar(clock).Today;
        var versions = await rules.GetVersionsAsync(cancellationToken);
        var existing = versions.FirstOrDefault(v => v.Document.Version == document.Version);
        if (existing is not null)
        {
            // The same file again is a retry; a different file under a used name (withdrawn ones included) would make ledger entries ambiguous.
            if (existing.Document.ToJson() != document.ToJson())
            {
                return ApiProblem.Conflict($"Rules version '{document.Version}' exists ({Status(existing.Status)}) with different content; give the new file a new version name.");
            }
            request.HttpContext.Response.Headers[EntryApi.ReplayedHeader] = "true";
            return TypedResults.Ok(Summary(existing));
        }
        if (document.EffectiveFrom < today)
        {
            return ApiProblem.Invalid("effectiveFrom", $"effectiveFrom {document.EffectiveFrom:yyyy-MM-dd} is in the past; a new version takes effect today ({today:yyyy-MM-dd}) or later, so scored days keep the rules that scored them.");
        }
        var combined = RuleBook.Create(RuleBook.Approved(versions).Value!.Versions.Append(document));
        if (!combined.Succeeded) return Refused(combined.Errors, "The new version conflicts with the versions in force.");

        // With nothing stored the default preset scores every day; storing a first version would silently drop it and
        // leave the days before the new version without rules. So the preset in force is stored first (a repeat is a no-op).
        if (versions is [var only] && only.Status == RulesStatus.Approved && only.Posted is null && only.Document.Version == RulePresets.Load(RulePresets.PositiveIncentive).Version)
        {
            await rules.AddAsync(only.Document, RulePresets.ReadJson(RulePresets.PositiveIncentive), cancellationToken);
        }
        var draft = RulesVersionState.Draft(document, author, clock.GetUtcNow());
        if (!await rules.AddDraftAsync(draft, json, cancellationToken))
        {
            return ApiProblem.Conflict($"Rules version '{document.Version}' was added by another call meanwhile; GET /api/rules/{document.Version}/status shows it.");
        }
        ApiLog.RulesAdded(logs.CreateLogger(typeof(RulesApi)), document.Version, document.EffectiveFrom, author);
        return TypedResults.Created(Link(document.Version), Summary(draft));
    }

    private static async Task<Results<Ok<RulesVersionSummary>, ValidationProblem, ProblemHttpResult>> ApproveAsync(
        string version, ApprovalInput body, HttpContext context, ClaimsPrincipal user, IRulesStore rules, TimeProvider clock, ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        if (body.Reason is { Length: > ReasonInput.MaxLength }) return ApiProblem.Invalid("reason", $"A reason is at most {ReasonInput.MaxLength} characters.");
        var versions = await rules.GetVersionsAsync(cancellationToken);
        var found = versions.FirstOrDefault(v => v.Document.Version == version);
        if (found is null) return NotFound(version);
        var today = new BusinessCalendar(clock).Today;
        var decision = found.Approve(NamedCaller(user), clock.GetUtcNow(), today, body.Rescore, RuleBook.Approved(versions).Value!);
        if (decision.Refusal is { } refusal) return Refuse(refusal);
        if (decision.Repeat) return Replay(context, decision.Version!, today);
        if (!await rules.TryDecideAsync(decision.Version!, cancellationToken)) return DecidedMeanwhile(version);
        ApiLog.RulesApproved(logs.CreateLogger(typeof(RulesApi)), version, decision.Version!.Document.EffectiveFrom, user.CallerName());
        return TypedResults.Ok(Summary(decision.Version!, today));
    }

    private static Task<Results<Ok<RulesVersionSummary>, ValidationProblem, ProblemHttpResult>> PostWithdrawAsync(
        string version, ReasonInput body, HttpContext context, ClaimsPrincipal user, IRulesStore rules, TimeProvider clock, ILoggerFactory logs,
        CancellationToken cancellationToken) =>
        WithdrawCoreAsync(version, body.Reason, context, user, rules, clock, logs, cancellationToken);

    private static Task<Results<Ok<RulesVersionSummary>, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        string version, [FromQuery] string? reason, HttpContext context, ClaimsPrincipal user, IRulesStore rules, TimeProvider clock, ILoggerFactory logs,
        CancellationToken cancellationToken) =>
        WithdrawCoreAsync(version, reason, context, user, rules, clock, logs, cancellationToken);

    private static async Task<Results<Ok<RulesVersionSummary>, ValidationProblem, ProblemHttpResult>> WithdrawCoreAsync(
        string version, string? reason, HttpContext context, ClaimsPrincipal user, IRulesStore rules, TimeProvider clock, ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        if (reason is { Length: > ReasonInput.MaxLength }) return ApiProblem.Invalid("reason", $"A reason is at most {ReasonInput.MaxLength} characters.");
        var found = await FindAsync(version, rules, cancellationToken);
        if (found is null) return NotFound(version);
        var decision = found.Withdraw(user.CallerName(), clock.GetUtcNow(), reason);
        if (decision.Refusal is { } refusal) return Refuse(refusal);
        var today = new BusinessCalendar(clock).Today;
        if (decision.Repeat) return Replay(context, decision.Version!, today);
        if (!await rules.TryDecideAsync(decision.Version!, cancellationToken)) return DecidedMeanwhile(version);
        ApiLog.RulesWithdrawn(logs.CreateLogger(typeof(RulesApi)), version, user.CallerName());
        return TypedResults.Ok(Summary(decision.Version!, today));
    }

    /// <summary>
    /// A what-if of a rules version on a month, as a job of the re-score queue: 202 with the job and its <c>Location</c>
    /// (the id is the caller's <c>Idempotency-Key</c>); a retry with the same key answers the same job.
    /// </summary>
    private static async Task<Results<Accepted<JobResponse>, ValidationProblem, ProblemHttpResult>> WhatIfAsync(
        string version, WhatIfInput body, [FromHeader(Name = EntryApi.IdempotencyHeader)] string? idempotencyKey, ClaimsPrincipal user, HttpResponse response,
        [FromServices] IMonthRescoring rescoring, [FromServices] MonthWhatIf whatIf, TimeProvider clock, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ApiInput.TryMonth(body.Month ?? "", out var month)) errors["month"] = ["month must be yyyy-MM: the month to preview the rules on."];
        if (EntryApi.KeyErrors(idempotencyKey) is { } keyErrors) errors[EntryApi.IdempotencyHeader] = keyErrors;
        if (errors.Count > 0) return ApiProblem.Invalid(errors);
        // A retry answers the job its key started, whatever has changed since (the version approved, say).
        if (await rescoring.GetAsync(idempotencyKey!, cancellationToken) is { } earlier) return Replayed(earlier);
        var found = await whatIf.FindVersionAsync(version, cancellationToken);
        if (found is null) return NotFound(version);
        if (found.Status == RulesStatus.Withdrawn) return ApiProblem.Conflict($"Rules version '{version}' was withdrawn; it can no longer be previewed or approved.");
        if (month.CompareTo(YearMonth.Of(new BusinessCalendar(clock).Today)) > 0) return ApiProblem.Invalid("month", $"{month} has not started; there is nothing to preview the rules on.");
        if (!await whatIf.HasDataAsync(month, cancellationToken)) return ApiProblem.NotFound($"{month} has no stored metrics: no day of it was imported, so there is nothing to preview rules '{version}' on.");

        var start = await rescoring.StartWhatIfAsync(idempotencyKey!, month, version, user.CallerName(), cancellationToken);
        if (start.Existing) return Replayed(start.Job);
        ApiLog.WhatIfQueued(logs.CreateLogger(typeof(RulesApi)), version, month.ToString(), start.Job.Id, user.CallerName());
        return Accepted(start.Job);

        Results<Accepted<JobResponse>, ValidationProblem, ProblemHttpResult> Replayed(Domain.Jobs.RescoreJob job)
        {
            if (job.Kind != Domain.Jobs.JobKind.WhatIf || job.Month != month || job.RulesVersion != version)
            {
                return ApiProblem.Conflict($"{EntryApi.IdempotencyHeader} {idempotencyKey} was already used for another job ({job.Month}, \"{job.Reason}\"); use a new key for a new what-if.");
            }
            response.Headers[EntryApi.ReplayedHeader] = "true";
            return Accepted(job);
        }

        Accepted<JobResponse> Accepted(Domain.Jobs.RescoreJob job)
        {
            if (!job.IsFinished) response.Headers.RetryAfter = JobsApi.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Accepted(JobsApi.Location(job.Id), JobsApi.Describe(job));
        }
    }

    /// <summary>The same step again changes nothing: answered with the version as it stands, marked as a replay so the audit trail records the step once.</summary>
    private static Ok<RulesVersionSummary> Replay(HttpContext context, RulesVersionState version, DateOnly today)
    {
        context.Response.Headers[EntryApi.ReplayedHeader] = "true";
        return TypedResults.Ok(Summary(version, today));
    }

    private static ProblemHttpResult Refuse(RulesRefusal refusal) => refusal.Forbidden ? ApiProblem.Forbidden(refusal.Message) : ApiProblem.Conflict(refusal.Message);

    private static ProblemHttpResult DecidedMeanwhile(string version) =>
        ApiProblem.Conflict($"Rules version '{version}' was approved or withdrawn by another call meanwhile; GET /api/rules/{version}/status shows it.");

    private static ProblemHttpResult NotFound(string version) => ApiProblem.NotFound($"No rules version '{version}'; GET /api/rules lists them.");

    private static async Task<RulesVersionState?> FindAsync(string version, IRulesStore rules, CancellationToken cancellationToken) =>
        (await rules.GetVersionsAsync(cancellationToken)).FirstOrDefault(v => v.Document.Version == version);

    /// <summary>The caller's name as the audit trail records it, or null for a caller without one (whom four eyes cannot tell apart).</summary>
    private static string? NamedCaller(ClaimsPrincipal user) =>
        user.CallerName() is var name && !string.IsNullOrWhiteSpace(name) && name != "unnamed" ? name : null;

    private static ValidationProblem Refused(IReadOnlyList<RulesError> errors, string detail) => TypedResults.ValidationProblem(
        errors.GroupBy(e => e.Path.Length == 0 ? "$" : e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.ToString()).ToArray()),
        detail,
        title: "Invalid rules file",
        extensions: new Dictionary<string, object?> { ["rulesErrors"] = errors.Select(e => new RulesFileError(e.Line, e.Column, e.Path, e.Message)).ToList() });

    private static string Link(string version) => $"/api/rules/{Uri.EscapeDataString(version)}";

    private static string Status(RulesStatus status) => status switch
    {
        RulesStatus.Draft => "draft",
        RulesStatus.Approved => "approved",
        _ => "withdrawn",
    };

    /// <summary>The version's summary; with <paramref name="approvedOn"/>, an approved version dated before that day lists the months to re-score.</summary>
    private static RulesVersionSummary Summary(RulesVersionState v, DateOnly? approvedOn = null)
    {
        var d = v.Document;
        var rescore = approvedOn is { } today && v.Status == RulesStatus.Approved
            ? v.NeedsRescore(today).Select(r => new RescoreMonth(r.Month.ToString(), r.From, r.To, $"/api/months/{r.Month}/rescore")).ToList()
            : null;
        return new RulesVersionSummary(
            d.Version, JsonSerializer.Serialize(d.Scheme).Trim('"'), d.EffectiveFrom, d.Description, Link(d.Version),
            Status(v.Status), v.Posted, v.Approval, v.Withdrawal, v.WithdrawalReason, rescore is { Count: > 0 } ? rescore : null);
    }
}
