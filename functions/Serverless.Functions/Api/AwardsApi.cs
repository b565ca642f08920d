using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Functions.Api;

/// <summary>
/// Team-building awards: <c>POST /api/awards</c> with a required <c>Idempotency-Key</c> (a retry replays the first
/// result, never a second award), <c>GET /api/awards/{awardId}</c>, and <c>DELETE /api/awards/{awardId}?reason=</c>,
/// which adds a reversing entry beside the award. The steps it shares with adjustments are <see cref="EntryApi"/>'s;
/// what an award is worth is <see cref="EntryRules.AwardValue"/>'s.
/// </summary>
public static class AwardsApi
{
    private static EntryKind Kind => EntryKind.Award;

    public static IEndpointRouteBuilder MapAwardsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/awards").WithTags("Awards").WithMetadata(new RequestBodyLimit(RequestBodyLimit.Default));
        group.MapPost("", PostAsync).WithName("PostAward").RequireAuthorization(ApiRoles.AwardPolicy);
        group.MapGet("/{awardId}", GetAsync).WithName("GetAward").RequireAuthorization(ApiRoles.ReadPolicy);
        group.MapDelete("/{awardId}", DeleteAsync).WithName("ReverseAward").RequireAuthorization(ApiRoles.AwardPolicy);
        return routes;
    }

    /// <summary>The POST (also the web app's award form, which sends the key it rendered in the form).</summary>
    internal static async Task<Results<Created<AwardResponse>, ValidationProblem, ProblemHttpResult>> PostAsync(
        [FromHeader(Name = EntryApi.IdempotencyHeader)] string? idempotencyKey, AwardInput award, HttpResponse response, ClaimsPrincipal user,
        IEntryStore<AwardRecord> awards, IRulesStore rules, IRosterStore roster, IIdempotencyKeys keys, TimeProvider clock, ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        AwardItem item = default;
        AwardLevel level = default;
        if (EntryApi.KeyErrors(idempotencyKey) is { } keyErrors) errors[EntryApi.IdempotencyHeader] = keyErrors;
        if (!ApiInput.IsValidId(award.AgentId)) errors["agentId"] = [ApiInput.IdRule("agentId")];
        if (award.Date is not { } date) errors["date"] = ["date (yyyy-MM-dd) is required."];
        else if (date > new BusinessCalendar(clock).Today) errors["date"] = [$"{date:yyyy-MM-dd} is in the future; an award is dated the day it was earned."];
        if (award.Item is null || !AwardNames.TryParseItem(award.Item, out item)) errors["item"] = ["item must be one of activity, honour, good-deed, training."];
        if (award.Level is null || !AwardNames.TryParseLevel(award.Level, out level)) errors["level"] = ["level must be one of team, department, center, company, national."];
        if (award.Note is { Length: > AwardInput.MaxNoteLength }) errors["note"] = [$"note is at most {AwardInput.MaxNoteLength} characters."];
        if (errors.Count > 0) return ApiProblem.Invalid(errors);

        var record = new AwardRecord(award.AgentId!, award.Date!.Value, item, level, award.Note?.Trim() ?? "");
        var (points, version, refusal) = EntryRules.AwardValue(await rules.GetBookAsync(cancellationToken), record);
        if (refusal is not null) return ApiProblem.Invalid("item", refusal);

        var fingerprint = EntryApi.Fingerprint(record, record.Item.ToString(), record.Level.ToString(), record.Note);
        var (created, problem) = await EntryApi.PostAsync(Kind, idempotencyKey!, record, fingerprint, response, user, awards, roster, keys, clock,
            (entry, reversal) => Response(entry, points, version, reversal),
            entry => ApiLog.AwardRecorded(logs.CreateLogger(typeof(AwardsApi)), entry.Id, AwardNames.Of(item), AwardNames.Of(level), record.AgentId, user.CallerName()),
            cancellationToken);
        if (problem is not null) return problem;
        return created!;
    }

    private static async Task<Results<Ok<AwardResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string awardId, [FromQuery] string? month, IEntryStore<AwardRecord> awards, IRulesStore rules, IIdempotencyKeys keys, CancellationToken cancellationToken)
    {
        var (found, invalid) = await FindAsync(awardId, month, awards, keys, cancellationToken);
        if (invalid is not null) return invalid;
        if (found!.Problem is not null) return found.Problem;
        var (points, version, _) = EntryRules.AwardValue(await rules.GetBookAsync(cancellationToken), found.Entry!.Value);
        return TypedResults.Ok(Response(found.Entry, points, version, found.Reversal));
    }

    private static async Task<Results<Ok<AwardResponse>, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        string awardId, [FromQuery] string? reason, [FromQuery] string? month, ClaimsPrincipal user,
        IEntryStore<AwardRecord> awards, IRulesStore rules, IRosterStore roster, IIdempotencyKeys keys, TimeProvider clock, ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        if (EntryApi.ReasonProblem(Kind, reason) is { } noReason) return noReason;
        var (found, invalid) = await FindAsync(awardId, month, awards, keys, cancellationToken);
        if (invalid is not null) return invalid;
        if (found!.Problem is not null) return found.Problem;
        var entry = found.Entry!;
        var (reversal, forbidden) = await EntryApi.ReverseAsync(Kind, found, reason!, user, awards, roster, clock,
            e => ApiLog.AwardReversed(logs.CreateLogger(typeof(AwardsApi)), e.Id, e.Value.AgentId, user.CallerName()), cancellationToken);
        if (forbidden is not null) return forbidden;
        var (points, version, _) = EntryRules.AwardValue(await rules.GetBookAsync(cancellationToken), entry.Value);
        return TypedResults.Ok(Response(entry, points, version, reversal));
    }

    /// <summary>
    /// Awards posted here are found by their key (the key table remembers the month); others (e.g. from an awards export)
    /// need <c>?month=yyyy-MM</c>, because awards are stored by month.
    /// </summary>
    private static async Task<(FoundEntry<AwardRecord>? Found, ValidationProblem? Invalid)> FindAsync(
        string awardId, string? monthText, IEntryStore<AwardRecord> awards, IIdempotencyKeys keys, CancellationToken cancellationToken)
    {
        if (awardId.Length is 0 or > 256 || awardId.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?'))
        {
            return (null, ApiProblem.Invalid("awardId", "awardId must be 1–256 characters without / \\ # ? or control characters."));
        }
        YearMonth month;
        if (monthText is not null)
        {
            if (!ApiInput.TryMonth(monthText, out month)) return (null, ApiProblem.Invalid("month", "month must be yyyy-MM."));
        }
        else if (await EntryApi.PostedMonthAsync(Kind, awardId, keys, cancellationToken) is { } posted)
        {
            month = posted;
        }
        else
        {
            return (new(null, null, ApiProblem.NotFound($"No award {awardId} was posted through this API; for an award from an export add ?month=yyyy-MM.")), null);
        }
        return (await EntryApi.FindAsync(Kind, month, awardId, awards, cancellationToken), null);
    }

    private static AwardResponse Response(Entry<AwardRecord> entry, decimal points, string version, Entry<AwardRecord>? reversal) => new(
        entry.Id, entry.Value.AgentId, entry.Value.Date, AwardNames.Of(entry.Value.Item), AwardNames.Of(entry.Value.Level), entry.Value.Note,
        points, version, entry.Source, entry.RecordedAt.ToUniversalTime(), EntryReversal.Of(reversal));
}
