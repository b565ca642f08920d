namespace Serverless.Application.UseCases;

/// <summary>
/// A message on <c>score-requests</c>: score these agents on this day. Sent in batches (never one message
/// per row), re-sent freely: scoring the same agent-day twice overwrites, it never adds.
/// </summary>
public sealed record ScoreRequest(DateOnly Date, IReadOnlyList<string> AgentIds, string Reason, string? ImportId)
{
    public static IEnumerable<ScoreRequest> Batches(DateOnly date, IReadOnlyList<string> agentIds, string reason, string? importId, ScoreRequestLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(agentIds);
        ArgumentNullException.ThrowIfNull(reason);
        // {"date":"yyyy-MM-dd","agentIds":[],"reason":"…","importId":"…"} around the ids.
        var envelope = 64 + JsonBytes(reason) + JsonBytes(importId ?? "");
        var batch = new List<string>();
        var size = envelope;
        foreach (var id in agentIds)
        {
            var bytes = JsonBytes(id) + 3;
            if (batch.Count > 0 && (batch.Count == limits.MaxAgents || size + bytes > limits.MaxMessageBytes))
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

/// <summary>
/// How big one score request may be: at most <paramref name="MaxAgents"/> agents and <paramref name="MaxMessageBytes"/>
/// of JSON. The numbers are the transport's (<c>Serverless.CustomHandler.TransportLimits</c>), handed in by the host.
/// </summary>
public sealed record ScoreRequestLimits(int MaxAgents, int MaxMessageBytes);
