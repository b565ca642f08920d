namespace Serverless.Application.UseCases;

/// <summary>
/// A message on <c>score-requests</c>: score these agents on this day. Sent in batches (never one message
/// per row), re-sent freely: scoring the same agent-day twice overwrites, it never adds.
/// </summary>
public sealed record ScoreRequest(DateOnly Date, IReadOnlyList<string> AgentIds, string Reason, string? ImportId)
{
    /// <summary>
    /// Most agents per message. Each request reads its batch with a fixed number of range queries (the day's markers,
    /// rules, norms) besides the pages its agents fill, and on Azurite every query and page scans its whole table, so
    /// fewer, larger requests read less; a national day (20,000) is five requests.
    /// </summary>
    public const int MaxAgentsPerRequest = 4000;

    /// <summary>
    /// Most bytes of a message's JSON, counted the most an id could cost (every character not plainly ASCII as a
    /// six-byte <c>\uXXXX</c> escape): a storage queue takes 64 KB base64-encoded, that is 48 KB of JSON
    /// (Service Bus standard takes 256 KB). Short ids (the centers' are 6–8 characters) fill the agent limit first.
    /// </summary>
    public const int MaxMessageBytes = 45_000;

    public static IEnumerable<ScoreRequest> Batches(DateOnly date, IReadOnlyList<string> agentIds, string reason, string? importId)
    {
        ArgumentNullException.ThrowIfNull(agentIds);
        ArgumentNullException.ThrowIfNull(reason);
        // {"date":"yyyy-MM-dd","agentIds":[],"reason":"…","importId":"…"} around the ids.
        var envelope = 64 + JsonBytes(reason) + JsonBytes(importId ?? "");
        var batch = new List<string>();
        var size = envelope;
        foreach (var id in agentIds)
        {
            var bytes = JsonBytes(id) + 3;
            if (batch.Count > 0 && (batch.Count == MaxAgentsPerRequest || size + bytes > MaxMessageBytes))
            {
                yield return new ScoreRequest(date, batch, reason, importId);
                batch = [];
                size = envelope;
            }
            batch.Add(id);
            size += bytes;
        }
        if (batch.Count > 0) yield return new ScoreRequest(date, batch, reason, importId);
    }

    // An upper bound on the UTF-8 JSON of a string's characters: letters, digits and -_.:| as themselves, anything
    // else as a \uXXXX escape (the encoder escapes at most that much, a surrogate pair as two).
    private static int JsonBytes(string value)
    {
        var bytes = 0;
        foreach (var c in value) bytes += char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '|' or ' ' ? 1 : 6;
        return bytes;
    }
}
