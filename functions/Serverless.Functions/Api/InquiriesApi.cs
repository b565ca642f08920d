using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Serverless.Application.Ports;
using Serverless.Domain.Inquiries;
using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;

namespace Serverless.Functions.Api;

/// <summary>
/// Inquiries (申诉): <c>POST /api/inquiries</c> (team lead for their own team, or HR; required <c>Idempotency-Key</c>, a
/// retry replays the first answer) opens one on an agent's ledger entry or month result with a reason;
/// <c>GET /api/inquiries?month=&amp;state=</c> lists a month's (HR); <c>GET /api/inquiries/{id}</c> shows one (HR, or the
/// team lead of the agent's team); <c>POST /api/inquiries/{id}/answer</c> (hr-admin) accepts it, naming the correction
/// that follows, or rejects it with a reason — once. Open inquiries are counted in the month close's summary and, with
/// <c>MonthClose:HoldBonusWhileInquiryOpen</c>, hold the agent's bonus.
/// </summary>
public static class InquiriesApi
{
    /// <summary>The <see cref="IIdempotencyKeys"/> scope of inquiry ids; the claim's value starts with the month.</summary>
    public const string Scope = "inquiries";

    private const int MaxRuleLength = 100;

    public static IEndpointRouteBuilder MapInquiriesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/inquiries").WithTags("Inquiries").WithMetadata(new RequestBodyLimit(RequestBodyLimit.Default));
        group.MapPost("", OpenAsync).WithName("OpenInquiry").RequireAuthorization(ApiRoles.AwardPolicy)
            .WithDescription("Opens an inquiry on an agent's ledger entry (entry: period and rule) or month result (no entry), with a reason. Team leads for their own team's agents, hr-admin for anyone. Idempotency-Key required; a retry answers the first inquiry with Idempotent-Replayed: true.");
        group.MapGet("", ListAsync).WithName("ListInquiries").RequireAuthorization(ApiRoles.ReadPolicy)
            .WithDescription("A month's inquiries, oldest first; state=open lists those still waiting for HR's answer.");
        group.MapGet("/{inquiryId}", GetAsync).WithName("GetInquiry").RequireAuthorization(ApiRoles.InquiryReadPolicy);
        group.MapPost("/{inquiryId}/answer", AnswerAsync).WithName("AnswerInquiry").RequireAuthorization(ApiRoles.WritePolicy)
            .WithDescription("HR's answer: outcome accepted (with correction: kind adjustment, award, corrected-export, rescore or republish, and its reference) or rejected, and a reason. An answer is final: the same answer again is 200, another one 409.");
        return routes;
    }

    private static async Task<Results<Created<InquiryResponse>, ValidationProblem, ProblemHttpResult>> OpenAsync(
        [FromHeader(Name = EntryApi.IdempotencyHeader)] string? idempotencyKey, InquiryInput body, HttpResponse response, ClaimsPrincipal user,
        IInquiryStore inquiries, IRosterStore roster, [FromServices] ILedger ledger, IIdempotencyKeys keys, TimeProvider clock, ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (EntryApi.KeyErrors(idempotencyKey) is { } keyErrors) errors[EntryApi.IdempotencyHeader] = keyErrors;
        if (!ApiInput.IsValidId(body.AgentId)) errors["agentId"] = [ApiInput.IdRule("agentId")];
        if (!ApiInput.TryMonth(body.Month, out var month)) errors["month"] = ["month (yyyy-MM) is required."];
        else if (month.CompareTo(YearMonth.Of(new BusinessCalendar(clock).Today)) > 0) errors["month"] = [$"{month} has not started; there is nothing to question yet."];
        LedgerPeriod period = default;
        if (body.Entry is { } entry)
        {
            if (!LedgerPeriod.TryParse(entry.Period, out period) || (errors.Count == 0 && period.Month != month))
                errors["entry.period"] = ["entry.period is the entry's day (yyyy-MM-dd) or month (yyyy-MM), within the inquiry's month."];
            if (string.IsNullOrWhiteSpace(entry.Rule) || entry.Rule.Length > MaxRuleLength || entry.Rule.Any(char.IsControl))
                errors["entry.rule"] = [$"entry.rule is the entry's rule as the points show it (1–{MaxRuleLength} characters)."];
        }
        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > InquiryInput.MaxReasonLength)
            errors["reason"] = [$"An inquiry needs a reason (1–{InquiryInput.MaxReasonLength} characters): HR answers it."];
        if (errors.Count > 0) return ApiProblem.Invalid(errors);

        var agents = await roster.GetAsync([body.AgentId!], cancellationToken);
        if (!agents.TryGetValue(body.AgentId!, out var agent)) return ApiProblem.NotFound($"Agent {body.AgentId} is not on the roster.");
        if (!user.MayAwardIn(agent.Team)) return ApiProblem.Forbidden($"A team lead may open inquiries only for agents of their own team; {body.AgentId} is in team {agent.Team}.");
        if (body.Entry is { } questioned)
        {
            var entries = await ledger.GetAsync(agent.AgentId, period.Start, period.Start, cancellationToken);
            if (!entries.Any(e => e.Entry.Period == period && string.Equals(e.Entry.Rule, questioned.Rule, StringComparison.Ordinal)))
            {
                return ApiProblem.NotFound($"Agent {agent.AgentId} has no ledger entry {questioned.Rule} for {period}; GET /api/agents/{agent.AgentId}/points lists them.");
            }
        }

        var inquiry = new Inquiry
        {
            Id = idempotencyKey!,
            Month = month,
            AgentId = agent.AgentId,
            Team = agent.Team,
            Subject = body.Entry is null ? InquirySubject.MonthResult : InquirySubject.Entry,
            EntryPeriod = body.Entry is null ? null : period.Key,
            EntryRule = body.Entry?.Rule,
            Reason = body.Reason!.Trim(),
            OpenedBy = user.CallerName(),
            OpenedAt = clock.GetUtcNow(),
        };
        var fingerprint = EntryApi.Fingerprint(new InquiryKey(inquiry.AgentId, month.FirstDay), inquiry.Subject.ToString(), inquiry.EntryPeriod ?? "", inquiry.EntryRule ?? "", inquiry.Reason);
        var claim = $"{month}|{fingerprint}";
        var earlier = await keys.ClaimAsync(Scope, inquiry.Id, claim, cancellationToken);
        if (earlier is not null && earlier != claim)
        {
            return ApiProblem.Conflict($"{EntryApi.IdempotencyHeader} {inquiry.Id} was already used for a different inquiry; use a new key for a new inquiry.");
        }
        // Added, never replaced: a retry whose first attempt claimed the key but wrote nothing writes it now.
        if (!await inquiries.AddAsync(inquiry, cancellationToken))
        {
            inquiry = await inquiries.GetAsync(month, inquiry.Id, cancellationToken) ?? inquiry;
            response.Headers[EntryApi.ReplayedHeader] = "true";
        }
        else
        {
            ApiLog.InquiryOpened(logs.CreateLogger(typeof(InquiriesApi)), inquiry.Id, inquiry.AgentId, month.ToString(), user.CallerName());
        }
        return TypedResults.Created($"/api/inquiries/{inquiry.Id}", InquiryResponse.Of(inquiry));
    }

    private static async Task<Results<Ok<InquiryList>, ValidationProblem>> ListAsync(
        [FromQuery] string? month, [FromQuery] string? state, IInquiryStore inquiries, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ApiInput.TryMonth(month, out var m)) errors["month"] = ["month (yyyy-MM) is required."];
        InquiryState? wanted = null;
        if (state is not null)
        {
            if (InquiryWords.TryState(state, out var s)) wanted = s;
            else errors["state"] = ["state must be open, accepted or rejected."];
        }
        if (errors.Count > 0) return ApiProblem.Invalid(errors);
        var all = await inquiries.ListAsync(m, cancellationToken);
        return TypedResults.Ok(new InquiryList(m.ToString(), state, all.Count(i => i.IsOpen),
            [.. all.Where(i => wanted is null || i.State == wanted).Select(InquiryResponse.Of)]));
    }

    private static async Task<Results<Ok<InquiryResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string inquiryId, ClaimsPrincipal user, IInquiryStore inquiries, IIdempotencyKeys keys, CancellationToken cancellationToken)
    {
        if (!ApiInput.IsValidId(inquiryId)) return ApiProblem.Invalid("inquiryId", ApiInput.IdRule("inquiryId"));
        var inquiry = await FindAsync(inquiryId, inquiries, keys, cancellationToken);
        // A team lead sees their own team's inquiries only, and learns nothing of others' (not even that they exist).
        if (inquiry is null || !(user.IsInRole(ApiRoles.HrReader) || user.MayAwardIn(inquiry.Team))) return NotFound(inquiryId);
        return TypedResults.Ok(InquiryResponse.Of(inquiry));
    }

    private static async Task<Results<Ok<InquiryResponse>, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        string inquiryId, InquiryAnswerInput body, HttpResponse response, ClaimsPrincipal user, IInquiryStore inquiries, IIdempotencyKeys keys, TimeProvider clock,
        ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ApiInput.IsValidId(inquiryId)) errors["inquiryId"] = [ApiInput.IdRule("inquiryId")];
        var outcome = body.Outcome switch { "accepted" => InquiryState.Accepted, "rejected" => InquiryState.Rejected, _ => InquiryState.Open };
        if (outcome == InquiryState.Open) errors["outcome"] = ["outcome is accepted or rejected."];
        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > InquiryInput.MaxReasonLength)
            errors["reason"] = [$"An answer needs a reason (1–{InquiryInput.MaxReasonLength} characters): the team lead reads why."];
        InquiryCorrection? correction = null;
        if (body.Correction is { } c)
        {
            if (!InquiryWords.TryCorrection(c.Kind, out var kind)) errors["correction.kind"] = ["correction.kind is adjustment, award, corrected-export, rescore or republish."];
            else if (!ValidReference(kind, c.Reference)) errors["correction.reference"] = [ReferenceRule(kind)];
            else correction = new InquiryCorrection(kind, c.Reference!.Trim());
        }
        if (outcome == InquiryState.Accepted && body.Correction is null) errors["correction"] = ["An accepted inquiry names the correction that follows (kind and reference)."];
        if (outcome == InquiryState.Rejected && body.Correction is not null) errors["correction"] = ["A rejected inquiry leads to no correction; leave correction out."];
        if (errors.Count > 0) return ApiProblem.Invalid(errors);

        var inquiry = await FindAsync(inquiryId, inquiries, keys, cancellationToken);
        if (inquiry is null) return NotFound(inquiryId);
        var answer = new InquiryAnswer(outcome, body.Reason!.Trim(), correction, user.CallerName(), clock.GetUtcNow());
        var (answered, refusal) = inquiry.AnsweredWith(answer);
        if (answered is null) return ApiProblem.Conflict(refusal!);
        if (answered.Answer == inquiry.Answer)
        {
            // The same answer again changes nothing (and is not audited again).
            response.Headers[EntryApi.ReplayedHeader] = "true";
        }
        else if (!await inquiries.TryAnswerAsync(answered, cancellationToken))
        {
            // Answered by someone else meanwhile: the same answer is fine, another one is the conflict.
            var now = await inquiries.GetAsync(inquiry.Month, inquiry.Id, cancellationToken) ?? inquiry;
            (answered, refusal) = now.AnsweredWith(answer);
            if (answered is null) return ApiProblem.Conflict(refusal!);
        }
        else
        {
            ApiLog.InquiryAnswered(logs.CreateLogger(typeof(InquiriesApi)), inquiry.Id, InquiryWords.State(outcome), user.CallerName());
        }
        return TypedResults.Ok(InquiryResponse.Of(answered));
    }

    private static bool ValidReference(CorrectionKind kind, string? reference) => kind switch
    {
        CorrectionKind.CorrectedExport => reference?.Split('/') is [var day, var id] && ApiInput.TryDate(day, out _) && ApiInput.IsValidId(id),
        CorrectionKind.Republish => int.TryParse(reference, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= 1,
        CorrectionKind.Rescore => !string.IsNullOrWhiteSpace(reference) && reference.Length <= MaxRuleLength && !reference.Any(char.IsControl),
        _ => ApiInput.IsValidId(reference),
    };

    private static string ReferenceRule(CorrectionKind kind) => kind switch
    {
        CorrectionKind.CorrectedExport => "A corrected export's reference is {yyyy-MM-dd}/{importId}, as its import report's route has it.",
        CorrectionKind.Republish => "A re-publication's reference is the version number it published.",
        CorrectionKind.Rescore => $"A re-score's reference says what was re-scored (1–{MaxRuleLength} characters).",
        _ => $"The reference is the {InquiryWords.Correction(kind)}'s id: {ApiInput.IdRule("it")}.",
    };

    private static async Task<Inquiry?> FindAsync(string id, IInquiryStore inquiries, IIdempotencyKeys keys, CancellationToken cancellationToken) =>
        await keys.FindAsync(Scope, id, cancellationToken) is { } claim && ApiInput.TryMonth(claim.Split('|')[0], out var month)
            ? await inquiries.GetAsync(month, id, cancellationToken)
            : null;

    private static ProblemHttpResult NotFound(string id) =>
        ApiProblem.NotFound($"No inquiry {id}; list a month's with GET /api/inquiries?month=yyyy-MM.");

    /// <summary>What <see cref="EntryApi.Fingerprint"/> needs of an inquiry: the agent and a day (the month's first).</summary>
    private sealed record InquiryKey(string AgentId, DateOnly Date) : IAgentEntry;
}
