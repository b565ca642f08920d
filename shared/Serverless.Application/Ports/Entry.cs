using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;

namespace Serverless.Application.Ports;

/// <summary>
/// One append-only entry for an agent (a team-building award, a leader adjustment), or the reversal of one
/// (<see cref="ReversalOf"/> set). Entries are added, never replaced or deleted: a withdrawn entry stays visible beside
/// the reversal that cancels it, and which entries count is the one rule of <see cref="Reversals"/>.
/// </summary>
public sealed record Entry<T> where T : IAgentEntry
{
    /// <summary>
    /// Stable id: an HR call's Idempotency-Key, the import id and row for an export's award, or for a reversal the
    /// reversed entry's id with a suffix (so repeating a reversal finds the first instead of adding one).
    /// </summary>
    public required string Id { get; init; }

    /// <summary>What was entered; a reversal carries the value it withdraws.</summary>
    public required T Value { get; init; }

    /// <summary><c>api:{caller}</c> or <c>import:{importId}</c>.</summary>
    public required string Source { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>The id of the entry this one withdraws; null for an entry that counts.</summary>
    public string? ReversalOf { get; init; }

    /// <summary>Why a reversal withdrew its entry (an adjustment's own reason is on its value).</summary>
    public string? ReversalReason { get; init; }

    /// <summary>The month the entry counts in and is stored by: its day's.</summary>
    public YearMonth Month => YearMonth.Of(Value.Date);

    /// <summary>The entry that withdraws this one.</summary>
    public Entry<T> ReversedBy(string reversalId, string reason, string source, DateTimeOffset recordedAt) => new()
    {
        Id = reversalId, Value = Value, Source = source, RecordedAt = recordedAt, ReversalOf = Id, ReversalReason = reason,
    };
}

/// <summary>Which entries count, asked of the domain's one reversal rule.</summary>
public static class Entries
{
    /// <summary>The entries in force: reversed ones and the reversals themselves left out.</summary>
    public static IReadOnlyList<Entry<T>> InForce<T>(IEnumerable<Entry<T>> entries) where T : IAgentEntry =>
        Reversals.InForce(entries, e => e.Id, e => e.ReversalOf);

    /// <summary>The month's entries in force (<see cref="InForce{T}(IEnumerable{Entry{T}})"/> of <see cref="IEntryStore{T}.GetMonthAsync"/>).</summary>
    public static async Task<IReadOnlyList<Entry<T>>> GetInForceAsync<T>(this IEntryStore<T> store, YearMonth month, CancellationToken cancellationToken)
        where T : IAgentEntry
    {
        ArgumentNullException.ThrowIfNull(store);
        return InForce(await store.GetMonthAsync(month, cancellationToken));
    }
}
