using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
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
/// decide whether they count at all and whether a deduction may (never under positive-incentive).
/// </summary>
public static class AdjustmentsApi
{
    private const string KeyScope = "adjustments";
    private const string ReversalSuffix = "~reversal";

    public static IEndpointRouteBuilder MapAdjustmentsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/adjustments").WithTags("Adjustments").WithMetadata(new RequestBodyLimit(RequestBodyLimit.Default));
        group.MapPost("", PostAsync).WithName("PostAdjustment").RequireAuthorization(ApiRoles.AwardPolicy);
        group.MapGet("", ListAsync).WithName("ListAdjustments").RequireAuthorization(ApiRoles.ReadPolicy);
        group.MapGet("/{adjustmentId}", GetAsync).WithName("GetAdjustment").RequireAuthorization(ApiRoles.ReadPolicy);
        group.MapDelete("/{adjustmentId}", DeleteAsync).WithName("ReverseAdjustment").RequireAuthorization(ApiRoles.AwardPolicy);
        return routes;
    }

    private static async Task<Results<Created<AdjustmentResponse>, ValidationProblem, ProblemHttpResult>> PostAsync(
        [FromHeader(Name = AwardsApi.IdempotencyHeader)] string? idempotencyKey, AdjustmentInput adjustment, HttpResponse response, ClaimsPrincipal user,
        IAdjustmentStore adjustments, IRulesStore rules, IRosterStore roster, IIdempotencyKeys keys, TimeProvider clock, ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ApiInput.IsValidId(idempotencyKey)) errors[AwardsApi.IdempotencyHeader] = [$"The {AwardsApi.IdempotencyHeader} header is required (a retry must send the same one): {ApiInput.IdRule("it")}."];
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
        var book = await rules.GetBookAsync(cancellationToken);
        var (dimension, version, refusal) = Allowed(book, record);
        if (refusal is not null) return ApiProblem.Invalid("points", refusal);

        var agents = await roster.GetAsync([record.AgentId], cancellationToken);
        if (!agents.TryGetValue(record.AgentId, out var agent)) return ApiProblem.NotFound($"Agent {record.AgentId} is not on the roster; add them with PUT /api/agents/{record.AgentId} first.");
        if (!user.MayAwardIn(agent.Team)) return ApiProblem.Forbidden($"A team lead may adjust only agents of their own team; {record.AgentId} is in team {agent.Team}.");

        var month = YearMonth.Of(record.Date);
        var claim = $"{month}|{Fingerprint(record)}";
        var earlier = await keys.ClaimAsync(KeyScope, idempotencyKey!, claim, cancellationToken);
        if (earlier is not null && earlier != claim)
        {
            return ApiProblem.Conflict($"{AwardsApi.IdempotencyHeader} {idempotencyKey} was already used for a different adjustment; use a new key for a new adjustment.");
        }
        var entry = new AdjustmentEntry { Adjustment = record, Source = $"api:{user.CallerName()}", RecordedAt = clock.GetUtcNow() };
        // Added, never replaced: when a crashed first attempt claimed the key but wrote nothing, this retry writes it now.
        if (!await adjustments.AddAsync(entry, cancellationToken))
        {
            entry = await adjustments.GetAsync(month, record.Id, cancellationToken) ?? entry;
            response.Headers[AwardsApi.ReplayedHeader] = "true";
        }
        else
        {
            ApiLog.AdjustmentRecorded(logs.CreateLogger(typeof(AdjustmentsApi)), record.Id, record.AgentId, user.CallerName());
        }
        var reversal = await adjustments.GetAsync(month, record.Id + ReversalSuffix, cancellationToken);
        return TypedResults.Created($"/api/adjustments/{record.Id}", Response(entry, dimension, version, reversal));
    }

    private static async Task<Results<Ok<AdjustmentList>, ValidationProblem>> ListAsync(
        [FromQuery] string? month, IAdjustmentStore adjustments, IRulesStore rules, CancellationToken cancellationToken)
    {
        if (!ApiInput.TryMonth(month, out var m)) return ApiProblem.Invalid("month", "month (yyyy-MM) is required.");
        var all = await adjustments.GetMonthAsync(m, cancellationToken);
        var book = await rules.GetBookAsync(cancellationToken);
        var reversals = all.Where(a => a.ReversalOf is not null).ToDictionary(a => a.ReversalOf!, StringComparer.Ordinal);
        var rows = all.Where(a => a.ReversalOf is null)
            .OrderBy(a => a.Adjustment.Date).ThenBy(a => a.Adjustment.Id, StringComparer.Ordinal)
            .Select(a =>
            {
                var (dimension, version, _) = Allowed(book, a.Adjustment);
                return Response(a, dimension, version, reversals.GetValueOrDefault(a.Adjustment.Id));
            })
            .ToList();
        return TypedResults.Ok(new AdjustmentList(m.ToString(), rows));
    }

    private static async Task<Results<Ok<AdjustmentResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string adjustmentId, IAdjustmentStore adjustments, IRulesStore rules, IIdempotencyKeys keys, CancellationToken cancellationToken)
    {
        var found = await FindAsync(adjustmentId, adjustments, keys, cancellationToken);
        if (found.Problem is not null) return found.Problem;
        if (found.Invalid is not null) return found.Invalid;
        var (dimension, version, _) = Allowed(await rules.GetBookAsync(cancellationToken), found.Entry!.Adjustment);
        return TypedResults.Ok(Response(found.Entry, dimension, version, found.Reversal));
    }

    private static async Task<Results<Ok<AdjustmentResponse>, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        string adjustmentId, [FromQuery] string? reason, ClaimsPrincipal user,
        IAdjustmentStore adjustments, IRulesStore rules, IRosterStore roster, IIdempotencyKeys keys, TimeProvider clock, ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > AdjustmentInput.MaxReasonLength)
        {
            return ApiProblem.Invalid("reason", $"A reversal needs a reason (?reason=…, 1–{AdjustmentInput.MaxReasonLength} characters): the ledger keeps why an adjustment was withdrawn.");
        }
        var found = await FindAsync(adjustmentId, adjustments, keys, cancellationToken);
        if (found.Problem is not null) return found.Problem;
        if (found.Invalid is not null) return found.Invalid;
        var entry = found.Entry!;

        var agents = await roster.GetAsync([entry.Adjustment.AgentId], cancellationToken);
        var team = agents.TryGetValue(entry.Adjustment.AgentId, out var agent) ? agent.Team : "";
        if (!user.MayAwardIn(team)) return ApiProblem.Forbidden($"A team lead may reverse adjustments only for agents of their own team; {entry.Adjustment.AgentId} is not in theirs.");

        var reversal = found.Reversal;
        if (reversal is null)
        {
            // The reversal's id derives from the adjustment's, so repeating the DELETE finds the first reversal instead of adding one.
            var candidate = new AdjustmentEntry
            {
                Adjustment = entry.Adjustment with { Id = entry.Adjustment.Id + ReversalSuffix }, Source = $"api:{user.CallerName()}",
                RecordedAt = clock.GetUtcNow(), ReversalOf = entry.Adjustment.Id, ReversalReason = reason.Trim(),
            };
            reversal = await adjustments.AddAsync(candidate, cancellationToken)
                ? candidate
                : await adjustments.GetAsync(YearMonth.Of(entry.Adjustment.Date), candidate.Adjustment.Id, cancellationToken) ?? candidate;
            ApiLog.AdjustmentReversed(logs.CreateLogger(typeof(AdjustmentsApi)), entry.Adjustment.Id, entry.Adjustment.AgentId, user.CallerName());
        }
        var (dimension, version, _) = Allowed(await rules.GetBookAsync(cancellationToken), entry.Adjustment);
        return TypedResults.Ok(Response(entry, dimension, version, reversal));
    }

    private sealed record Found(AdjustmentEntry? Entry, AdjustmentEntry? Reversal, ProblemHttpResult? Problem, ValidationProblem? Invalid);

    /// <summary>Adjustments are found by their key: the key table remembers the month it was posted for.</summary>
    private static async Task<Found> FindAsync(string adjustmentId, IAdjustmentStore adjustments, IIdempotencyKeys keys, CancellationToken cancellationToken)
    {
        if (!ApiInput.IsValidId(adjustmentId)) return new Found(null, null, null, ApiProblem.Invalid("adjustmentId", ApiInput.IdRule("adjustmentId")));
        if (await keys.FindAsync(KeyScope, adjustmentId, cancellationToken) is not { } claim || !ApiInput.TryMonth(claim.Split('|')[0], out var month))
        {
            return new Found(null, null, ApiProblem.NotFound($"No adjustment {adjustmentId} was posted; list a month's with GET /api/adjustments?month=yyyy-MM."), null);
        }
        var entry = await adjustments.GetAsync(month, adjustmentId, cancellationToken);
        if (entry is null || entry.ReversalOf is not null) return new Found(null, null, ApiProblem.NotFound($"No adjustment {adjustmentId} in {month}."), null);
        return new Found(entry, await adjustments.GetAsync(month, adjustmentId + ReversalSuffix, cancellationToken), null, null);
    }

    /// <summary>Whether the rules in force on the adjustment's date let it count, and in which dimension.</summary>
    private static (string Dimension, string Version, string? Refusal) Allowed(RuleBook book, PointsAdjustment adjustment)
    {
        var (dimension, version, refusal) = EntryRules.AdjustmentAllowed(book, adjustment);
        return (dimension is { } d ? JsonSerializer.Serialize(d).Trim('"') : "", version, refusal);
    }

    // Instants go out in UTC, as storage gives them back, so a replay is byte-identical to the first answer.
    private static AdjustmentResponse Response(AdjustmentEntry entry, string dimension, string version, AdjustmentEntry? reversal) => new(
        entry.Adjustment.Id, entry.Adjustment.AgentId, entry.Adjustment.Date, entry.Adjustment.Points, entry.Adjustment.Reason,
        dimension, version, entry.Source, entry.RecordedAt.ToUniversalTime(),
        reversal is null ? null : new AdjustmentReversal(reversal.Adjustment.Id, reversal.ReversalReason ?? "", reversal.Source, reversal.RecordedAt.ToUniversalTime()));

    private static string Fingerprint(PointsAdjustment adjustment) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join('\n', adjustment.AgentId, adjustment.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), adjustment.Points.ToString(CultureInfo.InvariantCulture), adjustment.Reason))))[..32];
}
