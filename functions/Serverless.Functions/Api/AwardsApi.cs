using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
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
/// which adds a reversing entry beside the award.
/// </summary>
public static class AwardsApi
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const string KeyScope = "awards";
    private const string ReversalSuffix = "~reversal";

    public static IEndpointRouteBuilder MapAwardsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/awards").WithTags("Awards").WithMetadata(new RequestBodyLimit(RequestBodyLimit.Default));
        group.MapPost("", PostAsync).WithName("PostAward").RequireAuthorization(ApiRoles.AwardPolicy);
        group.MapGet("/{awardId}", GetAsync).WithName("GetAward").RequireAuthorization(ApiRoles.ReadPolicy);
        group.MapDelete("/{awardId}", DeleteAsync).WithName("ReverseAward").RequireAuthorization(ApiRoles.AwardPolicy);
        return routes;
    }

    private static async Task<Results<Created<AwardResponse>, ValidationProblem, ProblemHttpResult>> PostAsync(
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, AwardInput award, HttpResponse response, ClaimsPrincipal user,
        IAwardStore awards, IRulesStore rules, IRosterStore roster, IIdempotencyKeys keys, TimeProvider clock, ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        AwardItem item = default;
        AwardLevel level = default;
        if (!ApiInput.IsValidId(idempotencyKey)) errors[IdempotencyHeader] = [$"The {IdempotencyHeader} header is required (a retry must send the same one): {ApiInput.IdRule("it")}."];
        if (!ApiInput.IsValidId(award.AgentId)) errors["agentId"] = [ApiInput.IdRule("agentId")];
        if (award.Date is not { } date) errors["date"] = ["date (yyyy-MM-dd) is required."];
        else if (date > new BusinessCalendar(clock).Today) errors["date"] = [$"{date:yyyy-MM-dd} is in the future; an award is dated the day it was earned."];
        if (award.Item is null || !AwardNames.TryParseItem(award.Item, out item)) errors["item"] = ["item must be one of activity, honour, good-deed, training."];
        if (award.Level is null || !AwardNames.TryParseLevel(award.Level, out level)) errors["level"] = ["level must be one of team, department, center, company, national."];
        if (award.Note is { Length: > AwardInput.MaxNoteLength }) errors["note"] = [$"note is at most {AwardInput.MaxNoteLength} characters."];
        if (errors.Count > 0) return ApiProblem.Invalid(errors);

        var record = new AwardRecord(award.AgentId!, award.Date!.Value, item, level, award.Note?.Trim() ?? "");
        var book = await rules.GetBookAsync(cancellationToken);
        var (points, version, refusal) = Value(book, record);
        if (refusal is not null) return ApiProblem.Invalid("item", refusal);

        var agents = await roster.GetAsync([record.AgentId], cancellationToken);
        if (!agents.TryGetValue(record.AgentId, out var agent)) return ApiProblem.NotFound($"Agent {record.AgentId} is not on the roster; add them with PUT /api/agents/{record.AgentId} first.");
        if (!user.MayAwardIn(agent.Team)) return ApiProblem.Forbidden($"A team lead may award only agents of their own team; {record.AgentId} is in team {agent.Team}.");

        var month = YearMonth.Of(record.Date);
        var claim = $"{month}|{Fingerprint(record)}";
        var earlier = await keys.ClaimAsync(KeyScope, idempotencyKey!, claim, cancellationToken);
        if (earlier is not null && earlier != claim)
        {
            return ApiProblem.Conflict($"{IdempotencyHeader} {idempotencyKey} was already used for a different award; use a new key for a new award.");
        }
        var entry = new AwardEntry { AwardId = idempotencyKey!, Award = record, Source = $"api:{user.CallerName()}", RecordedAt = clock.GetUtcNow() };
        // Added, never replaced: when a crashed first attempt claimed the key but wrote nothing, this retry writes it now.
        if (!await awards.AddAsync(entry, cancellationToken))
        {
            entry = await awards.GetAsync(month, entry.AwardId, cancellationToken) ?? entry;
            response.Headers[ReplayedHeader] = "true";
        }
        else
        {
            ApiLog.AwardRecorded(logs.CreateLogger(typeof(AwardsApi)), entry.AwardId, AwardNames.Of(item), AwardNames.Of(level), record.AgentId, user.CallerName());
        }
        var reversal = await awards.GetAsync(month, entry.AwardId + ReversalSuffix, cancellationToken);
        return TypedResults.Created($"/api/awards/{entry.AwardId}", Response(entry, points, version, reversal));
    }

    private static async Task<Results<Ok<AwardResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string awardId, [FromQuery] string? month, IAwardStore awards, IRulesStore rules, IIdempotencyKeys keys, CancellationToken cancellationToken)
    {
        var found = await FindAsync(awardId, month, awards, keys, cancellationToken);
        if (found.Problem is not null) return found.Problem;
        if (found.Invalid is not null) return found.Invalid;
        var (points, version, _) = Value(await rules.GetBookAsync(cancellationToken), found.Entry!.Award);
        return TypedResults.Ok(Response(found.Entry, points, version, found.Reversal));
    }

    private static async Task<Results<Ok<AwardResponse>, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        string awardId, [FromQuery] string? reason, [FromQuery] string? month, ClaimsPrincipal user,
        IAwardStore awards, IRulesStore rules, IRosterStore roster, IIdempotencyKeys keys, TimeProvider clock, ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > AwardInput.MaxNoteLength)
        {
            return ApiProblem.Invalid("reason", $"A reversal needs a reason (?reason=…, 1–{AwardInput.MaxNoteLength} characters): the ledger keeps why an award was withdrawn.");
        }
        var found = await FindAsync(awardId, month, awards, keys, cancellationToken);
        if (found.Problem is not null) return found.Problem;
        if (found.Invalid is not null) return found.Invalid;
        var entry = found.Entry!;

        var agents = await roster.GetAsync([entry.Award.AgentId], cancellationToken);
        var team = agents.TryGetValue(entry.Award.AgentId, out var agent) ? agent.Team : "";
        if (!user.MayAwardIn(team)) return ApiProblem.Forbidden($"A team lead may reverse awards only for agents of their own team; {entry.Award.AgentId} is not in theirs.");

        var reversal = found.Reversal;
        if (reversal is null)
        {
            // The reversal's id derives from the award's, so repeating the DELETE finds the first reversal instead of adding one.
            var candidate = new AwardEntry
            {
                AwardId = entry.AwardId + ReversalSuffix, Award = entry.Award, Source = $"api:{user.CallerName()}",
                RecordedAt = clock.GetUtcNow(), ReversalOf = entry.AwardId, Reason = reason.Trim(),
            };
            reversal = await awards.AddAsync(candidate, cancellationToken)
                ? candidate
                : await awards.GetAsync(YearMonth.Of(entry.Award.Date), candidate.AwardId, cancellationToken) ?? candidate;
            ApiLog.AwardReversed(logs.CreateLogger(typeof(AwardsApi)), entry.AwardId, entry.Award.AgentId, user.CallerName());
        }
        var (points, version, _) = Value(await rules.GetBookAsync(cancellationToken), entry.Award);
        return TypedResults.Ok(Response(entry, points, version, reversal));
    }

    private sealed record Found(AwardEntry? Entry, AwardEntry? Reversal, ProblemHttpResult? Problem, ValidationProblem? Invalid);

    /// <summary>
    /// Awards posted here are found by their key (the key table remembers the month); others (e.g. from an awards export)
    /// need <c>?month=yyyy-MM</c>, because awards are stored by month.
    /// </summary>
    private static async Task<Found> FindAsync(string awardId, string? monthText, IAwardStore awards, IIdempotencyKeys keys, CancellationToken cancellationToken)
    {
        if (awardId.Length is 0 or > 256 || awardId.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?'))
        {
            return new Found(null, null, null, ApiProblem.Invalid("awardId", "awardId must be 1–256 characters without / \\ # ? or control characters."));
        }
        YearMonth month;
        if (monthText is not null)
        {
            if (!ApiInput.TryMonth(monthText, out month)) return new Found(null, null, null, ApiProblem.Invalid("month", "month must be yyyy-MM."));
        }
        else if (await keys.FindAsync(KeyScope, awardId, cancellationToken) is { } claim && ApiInput.TryMonth(claim.Split('|')[0], out var claimed))
        {
            month = claimed;
        }
        else
        {
            return new Found(null, null, ApiProblem.NotFound($"No award {awardId} was posted through this API; for an award from an export add ?month=yyyy-MM."), null);
        }
        var entry = await awards.GetAsync(month, awardId, cancellationToken);
        if (entry is null || entry.ReversalOf is not null) return new Found(null, null, ApiProblem.NotFound($"No award {awardId} in {month}."), null);
        return new Found(entry, await awards.GetAsync(month, awardId + ReversalSuffix, cancellationToken), null, null);
    }

    /// <summary>The award's value under the rules in force on its date, or why those rules cannot score it.</summary>
    private static (decimal Points, string Version, string? Refusal) Value(RuleBook book, AwardRecord award) => EntryRules.AwardValue(book, award);

    // Instants go out in UTC, as storage gives them back, so a replay is byte-identical to the first answer.
    private static AwardResponse Response(AwardEntry entry, decimal points, string version, AwardEntry? reversal) => new(
        entry.AwardId, entry.Award.AgentId, entry.Award.Date, AwardNames.Of(entry.Award.Item), AwardNames.Of(entry.Award.Level), entry.Award.Note,
        points, version, entry.Source, entry.RecordedAt.ToUniversalTime(),
        reversal is null ? null : new AwardReversal(reversal.AwardId, reversal.Reason ?? "", reversal.Source, reversal.RecordedAt.ToUniversalTime()));

    private static string Fingerprint(AwardRecord award) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join('\n', award.AgentId, award.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), award.Item, award.Level, award.Note))))[..32];
}
