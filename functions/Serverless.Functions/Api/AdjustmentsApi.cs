using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Functions.Api;

/// <summary>
/// Leader adjustments (临时加减分, the workload scheme's Q in Y = w·ΣL + ΣZ + ΣQ): <c>POST /api/adjustments</c> with a
/// required <c>Idempotency-Key</c> (a retry replays the first result, never a second adjustment),
/// <c>GET /api/adjustments?month=yyyy-MM</c>, <c>GET /api/adjustments/{id}</c>, and
/// <c>DELETE /api/adjustments/{id}?reason=</c>, which adds a reversing entry beside the adjustment. Month close scores
/// the month's adjustments in force as <c>adjustment:{id}</c> entries; the rules in force on the adjustment's date
/// decide whether they count at all and whether a deduction may (never under positive-incentive), as
/// <see cref="EntryRules.AdjustmentAllowed"/> says. The steps it shares with awards are <see cref="EntryApi"/>'s.
/// </summary>
public static class AdjustmentsApi
{
    private static EntryKind Kind => EntryKind.Adjustment;

    public static IEndpointRouteBuilder MapAdjustmentsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/adjustments").WithTags("Adjustments").WithMetadata(new RequestBodyLimit(RequestBodyLimit.Default));
        group.MapPost("", PostAsync).WithName("PostAdjustment").RequireAuthorization(ApiRoles.AwardPolicy);
        group.MapGet("", ListAsync).WithName("ListAdjustments").RequireAuthorization(ApiRoles.ReadPolicy);
        group.MapGet("/{adjustmentId}", GetAsync).WithName("GetAdjustment").RequireAuthorization(ApiRoles.ReadPolicy);
        group.MapDelete("/{adjustmentId}", DeleteAsync).WithName("ReverseAdjustment").RequireAuthorization(ApiRoles.AwardPolicy);
        return routes;
    }

    internal static async Task<Results<Created<AdjustmentResponse>, ValidationProblem, ProblemHttpResult>> PostAsync(
        [FromHeader(Name = EntryApi.IdempotencyHeader)] string? idempotencyKey, AdjustmentInput adjustment, HttpResponse response, ClaimsPrincipal user,
        IEntryStore<PointsAdjustment> adjustments, IRulesStore rules, IRosterStore roster, IIdempotencyKeys keys, TimeProvider clock, ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (EntryApi.KeyErrors(idempotencyKey) is { } keyErrors) errors[EntryApi.IdempotencyHeader] = keyErrors;
        if (!ApiInput.IsValidId(adjustment.AgentId)) errors["agentId"] = [ApiInput.IdRule("agentId")];
        if (adjustment.Date is not { } date) errors["date"] = ["date (yyyy-MM-dd) is required."];
        else if (date > new BusinessCalendar(clock).Today) errors["date"] = [$"{date:yyyy-MM-dd} is in the future; an adjustment is dated the day it is for."];
        if (adjustment.Points is not { } points || points == 0m) errors["points"] = ["points is required and not 0: positive adds, negative deducts."];
        else if (Math.Abs(points) > AdjustmentInput.MaxPoints) errors["points"] = [$"points is at most {AdjustmentInput.MaxPoints} either way for one adjustment."];
        else if (decimal.Round(points, 2) != points) errors["points"] = ["points carries at most 2 decimals."];
        if (string.IsNullOrWhiteSpace(adjustment.Reason) || adjustment.Reason.Length > AdjustmentInput.MaxReasonLength)
            errors["reason"] = [$"Every adjustment needs a reason (1–{AdjustmentInput.MaxReasonLength} characters): the ledger shows it to the agent."];
        if (errors.Count > 0) return ApiProblem.Invalid(errors);

        var record = new PointsAdjustment(idempotencyKey!, adjustment.AgentId!, adjustment.Date!.Value, adjustment.Points!.Value, adjustment.Reason!.Trim());
        var (dimension, version, refusal) = Allowed(await rules.GetBookAsync(cancellationToken), record);
        if (refusal is not null) return ApiProblem.Invalid("points", refusal);

        var fingerprint = EntryApi.Fingerprint(record, record.Points.ToString(CultureInfo.InvariantCulture), record.Reason);
        var (created, problem) = await EntryApi.PostAsync(Kind, record.Id, record, fingerprint, response, user, adjustments, roster, keys, clock,
            (entry, reversal) => Response(entry, dimension, version, reversal),
            entry => ApiLog.AdjustmentRecorded(logs.CreateLogger(typeof(AdjustmentsApi)), entry.Id, record.AgentId, user.CallerName()),
            cancellationToken);
        if (problem is not null) return problem;
        return created!;
    }

    private static async Task<Results<Ok<AdjustmentList>, ValidationProblem>> ListAsync(
        [FromQuery] string? month, IEntryStore<PointsAdjustment> adjustments, IRulesStore rules, CancellationToken cancellationToken)
    {
        if (!ApiInput.TryMonth(month, out var m)) return ApiProblem.Invalid("month", "month (yyyy-MM) is required.");
        var all = await adjustments.GetMonthAsync(m, cancellationToken);
        var book = await rules.GetBookAsync(cancellationToken);
        var reversals = all.Where(a => a.ReversalOf is not null).ToDictionary(a => a.ReversalOf!, StringComparer.Ordinal);
        var rows = all.Where(a => a.ReversalOf is null)
            .OrderBy(a => a.Value.Date).ThenBy(a => a.Id, StringComparer.Ordinal)
            .Select(a =>
            {
                var (dimension, version, _) = Allowed(book, a.Value);
                return Response(a, dimension, version, reversals.GetValueOrDefault(a.Id));
            })
            .ToList();
        return TypedResults.Ok(new AdjustmentList(m.ToString(), rows));
    }

    private static async Task<Results<Ok<AdjustmentResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string adjustmentId, IEntryStore<PointsAdjustment> adjustments, IRulesStore rules, IIdempotencyKeys keys, CancellationToken cancellationToken)
    {
        if (!ApiInput.IsValidId(adjustmentId)) return ApiProblem.Invalid("adjustmentId", ApiInput.IdRule("adjustmentId"));
        var found = await FindAsync(adjustmentId, adjustments, keys, cancellationToken);
        if (found.Problem is not null) return found.Problem;
        var (dimension, version, _) = Allowed(await rules.GetBookAsync(cancellationToken), found.Entry!.Value);
        return TypedResults.Ok(Response(found.Entry, dimension, version, found.Reversal));
    }

    private static async Task<Results<Ok<AdjustmentResponse>, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        string adjustmentId, [FromQuery] string? reason, ClaimsPrincipal user,
        IEntryStore<PointsAdjustment> adjustments, IRulesStore rules, IRosterStore roster, IIdempotencyKeys keys, TimeProvider clock, ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        if (EntryApi.ReasonProblem(Kind, reason) is { } noReason) return noReason;
        if (!ApiInput.IsValidId(adjustmentId)) return ApiProblem.Invalid("adjustmentId", ApiInput.IdRule("adjustmentId"));
        var found = await FindAsync(adjustmentId, adjustments, keys, cancellationToken);
        if (found.Problem is not null) return found.Problem;
        var entry = found.Entry!;
        var (reversal, forbidden) = await EntryApi.ReverseAsync(Kind, found, reason!, user, adjustments, roster, clock,
            e => ApiLog.AdjustmentReversed(logs.CreateLogger(typeof(AdjustmentsApi)), e.Id, e.Value.AgentId, user.CallerName()), cancellationToken);
        if (forbidden is not null) return forbidden;
        var (dimension, version, _) = Allowed(await rules.GetBookAsync(cancellationToken), entry.Value);
        return TypedResults.Ok(Response(entry, dimension, version, reversal));
    }

    /// <summary>Adjustments are found by their key: the key table remembers the month it was posted for.</summary>
    private static async Task<FoundEntry<PointsAdjustment>> FindAsync(string adjustmentId, IEntryStore<PointsAdjustment> adjustments, IIdempotencyKeys keys, CancellationToken cancellationToken) =>
        await EntryApi.PostedMonthAsync(Kind, adjustmentId, keys, cancellationToken) is { } month
            ? await EntryApi.FindAsync(Kind, month, adjustmentId, adjustments, cancellationToken)
            : new(null, null, ApiProblem.NotFound($"No adjustment {adjustmentId} was posted; list a month's with GET /api/adjustments?month=yyyy-MM."));

    /// <summary>Whether the rules in force on the adjustment's date let it count, and the dimension's name in JSON.</summary>
    private static (string Dimension, string Version, string? Refusal) Allowed(RuleBook book, PointsAdjustment adjustment)
    {
        var (dimension, version, refusal) = EntryRules.AdjustmentAllowed(book, adjustment);
        return (dimension is { } d ? JsonSerializer.Serialize(d).Trim('"') : "", version, refusal);
    }

    private static AdjustmentResponse Response(Entry<PointsAdjustment> entry, string dimension, string version, Entry<PointsAdjustment>? reversal) => new(
        entry.Id, entry.Value.AgentId, entry.Value.Date, entry.Value.Points, entry.Value.Reason,
        dimension, version, entry.Source, entry.RecordedAt.ToUniversalTime(), EntryReversal.Of(reversal));
}
