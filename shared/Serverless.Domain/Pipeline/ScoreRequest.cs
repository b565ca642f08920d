namespace Serverless.Domain.Pipeline;

/// <summary>
/// A message on <c>score-requests</c>: score these agents on this day. Sent in batches (never one message
/// per row), re-sent freely: scoring the same agent-day twice overwrites, it never adds.
/// </summary>
public sealed record ScoreRequest(DateOnly Date, IReadOnlyList<string> AgentIds, string Reason, string? ImportId)
{
    /// <summary>
    /// Agents per message: small enough for any queue's message limit (Service Bus standard 256 KB, storage 64 KB:
    /// 1,000 ids of up to 40 characters stay under it even base64-encoded), large enough that a national day is a few
    /// dozen requests, since each request reads its batch with a fixed number of range queries (and on Azurite each
    /// query scans its whole table).
    /// </summary>
    public const int MaxAgentsPerRequest = 1000;

    public static IEnumerable<ScoreRequest> Batches(DateOnly date, IReadOnlyList<string> agentIds, string reason, string? importId) =>
        agentIds.Chunk(MaxAgentsPerRequest).Select(chunk => new ScoreRequest(date, chunk, reason, importId));
}
