using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Application.Ports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;

namespace Serverless.Functions.Api;

/// <summary>What differs between the entry APIs' shared steps: the key scope, the words in their answers and the route.</summary>
/// <param name="Scope">The <see cref="IIdempotencyKeys"/> scope of the API's keys.</param>
/// <param name="Noun">"award", "adjustment".</param>
/// <param name="Verb">What a team lead does to their team's agents: "award", "adjust".</param>
/// <param name="Route">The collection's route; an entry's is <c>{Route}/{id}</c>.</param>
public sealed record EntryKind(string Scope, string Noun, string Verb, string Route)
{
    public static readonly EntryKind Award = new("awards", "award", "award", "/api/awards");
    public static readonly EntryKind Adjustment = new("adjustments", "adjustment", "adjust", "/api/adjustments");
}

/// <summary>An entry found by its id, with its reversal if it has one; or why it was not found.</summary>
public sealed record FoundEntry<T>(Entry<T>? Entry, Entry<T>? Reversal, ProblemHttpResult? Problem) where T : IAgentEntry;

/// <summary>
/// The steps the award and adjustment APIs share, both being append-only entries with reversal (<see cref="Entry{T}"/>):
/// the idempotent POST (the caller's <c>Idempotency-Key</c> is the entry's id and is claimed with the entry's month and
/// a fingerprint of what was posted, so a retry replays the first answer, a crashed first attempt is completed, and the
/// key reused for something else is a conflict), finding an entry by the key it was posted with, and its reversal,
/// added once whatever the number of DELETEs. A team lead enters and reverses for their own team only. What an entry is
/// worth or whether it is allowed is each API's question to <see cref="EntryRules"/>.
/// </summary>
public static class EntryApi
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>A reversal's id is the entry's with this suffix, so repeating a DELETE finds the first reversal.</summary>
    private const string ReversalSuffix = "~reversal";

    /// <summary>The longest reason a reversal may give.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>The header's problem when it is missing or not a valid id, else null.</summary>
    public static string[]? KeyErrors(string? idempotencyKey) => ApiInput.IsValidId(idempotencyKey)
        ? null
        : [$"The {IdempotencyHeader} header is required (a retry must send the same one): {ApiInput.IdRule("it")}."];

    /// <summary>
    /// What a key is claimed with, besides the entry's month: the agent, the day and the value's own fields, hashed, so
    /// the same key for a different entry is told apart from a retry.
    /// </summary>
    public static string Fingerprint(IAgentEntry value, params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = string.Join('\n', [value.AgentId, value.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), .. fields]);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }

    /// <summary>
    /// The POST of a valid entry the rules accept: the agent must be on the roster and, for a team lead, in their team;
    /// the key is claimed, the entry added (or, on a retry, the first one read back and <see cref="ReplayedHeader"/> set)
    /// and answered 201 with <paramref name="respond"/>'s body.
    /// </summary>
    public static async Task<(Created<TResponse>? Created, ProblemHttpResult? Problem)> PostAsync<T, TResponse>(
        EntryKind kind, string key, T value, string fingerprint, HttpResponse response, ClaimsPrincipal user,
        IEntryStore<T> store, IRosterStore roster, IIdempotencyKeys keys, TimeProvider clock,
        Func<Entry<T>, Entry<T>?, TResponse> respond, Action<Entry<T>> recorded, CancellationToken cancellationToken)
        where T : IAgentEntry
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(respond);
        ArgumentNullException.ThrowIfNull(recorded);
        var agents = await roster.GetAsync([value.AgentId], cancellationToken);
        if (!agents.TryGetValue(value.AgentId, out var agent)) return (null, ApiProblem.NotFound($"Agent {value.AgentId} is not on the roster; add them with PUT /api/agents/{value.AgentId} first."));
        if (!user.MayAwardIn(agent.Team)) return (null, ApiProblem.Forbidden($"A team lead may {kind.Verb} only agents of their own team; {value.AgentId} is in team {agent.Team}."));

        var month = YearMonth.Of(value.Date);
        var claim = $"{month}|{fingerprint}";
        var earlier = await keys.ClaimAsync(kind.Scope, key, claim, cancellationToken);
        if (earlier is not null && earlier != claim)
        {
            return (null, ApiProblem.Conflict($"{IdempotencyHeader} {key} was already used for a different {kind.Noun}; use a new key for a new {kind.Noun}."));
        }
        var entry = new Entry<T> { Id = key, Value = value, Source = SourceOf(user), RecordedAt = clock.GetUtcNow() };
        // Added, never replaced: when a crashed first attempt claimed the key but wrote nothing, this retry writes it now.
        if (!await store.AddAsync(entry, cancellationToken))
        {
            entry = await store.GetAsync(month, key, cancellationToken) ?? entry;
            response.Headers[ReplayedHeader] = "true";
        }
        else
        {
            recorded(entry);
        }
        var reversal = await store.GetAsync(month, key + ReversalSuffix, cancellationToken);
        return (TypedResults.Created($"{kind.Route}/{key}", respond(entry, reversal)), null);
    }

    /// <summary>The month a key was posted for, or null when no entry was posted with it.</summary>
    public static async Task<YearMonth?> PostedMonthAsync(EntryKind kind, string id, IIdempotencyKeys keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(keys);
        return await keys.FindAsync(kind.Scope, id, cancellationToken) is { } claim && ApiInput.TryMonth(claim.Split('|')[0], out var month) ? month : null;
    }

    /// <summary>The entry <paramref name="id"/> of the month with its reversal; not found when there is none, or it is itself a reversal.</summary>
    public static async Task<FoundEntry<T>> FindAsync<T>(EntryKind kind, YearMonth month, string id, IEntryStore<T> store, CancellationToken cancellationToken)
        where T : IAgentEntry
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(store);
        var entry = await store.GetAsync(month, id, cancellationToken);
        if (entry is null || entry.ReversalOf is not null) return new(null, null, ApiProblem.NotFound($"No {kind.Noun} {id} in {month}."));
        return new(entry, await store.GetAsync(month, id + ReversalSuffix, cancellationToken), null);
    }

    /// <summary>The DELETE's reason, or its problem when missing or too long.</summary>
    public static ValidationProblem? ReasonProblem(EntryKind kind, string? reason)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength
            ? ApiProblem.Invalid("reason", $"A reversal needs a reason (?reason=…, 1–{MaxReasonLength} characters): the ledger keeps why an {kind.Noun} was withdrawn.")
            : null;
    }

    /// <summary>
    /// Reverses a found entry, once: a team lead only for their own team's agents; when it is reversed already, the first
    /// reversal; else a reversal is added beside it (or, when a racing DELETE added it first, that one is read back).
    /// </summary>
    public static async Task<(Entry<T>? Reversal, ProblemHttpResult? Problem)> ReverseAsync<T>(
        EntryKind kind, FoundEntry<T> found, string reason, ClaimsPrincipal user,
        IEntryStore<T> store, IRosterStore roster, TimeProvider clock, Action<Entry<T>> reversed, CancellationToken cancellationToken)
        where T : IAgentEntry
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(reversed);
        var entry = found.Entry ?? throw new ArgumentException("Only a found entry can be reversed.", nameof(found));
        var agents = await roster.GetAsync([entry.Value.AgentId], cancellationToken);
        var team = agents.TryGetValue(entry.Value.AgentId, out var agent) ? agent.Team : "";
        if (!user.MayAwardIn(team)) return (null, ApiProblem.Forbidden($"A team lead may reverse {kind.Noun}s only for agents of their own team; {entry.Value.AgentId} is not in theirs."));
        if (found.Reversal is { } first) return (first, null);

        var candidate = entry.ReversedBy(entry.Id + ReversalSuffix, reason.Trim(), SourceOf(user), clock.GetUtcNow());
        var reversal = await store.AddAsync(candidate, cancellationToken)
            ? candidate
            : await store.GetAsync(entry.Month, candidate.Id, cancellationToken) ?? candidate;
        reversed(entry);
        return (reversal, null);
    }

    private static string SourceOf(ClaimsPrincipal user) => $"api:{user.CallerName()}";
}
