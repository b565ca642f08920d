using Serverless.Application.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Functions.Api;

/// <summary>The entry that withdrew an award or an adjustment: both are kept, so nothing silently disappears.</summary>
public sealed record EntryReversal(string ReversalId, string Reason, string Source, DateTimeOffset RecordedAt)
{
    // Instants go out in UTC, as storage gives them back, so a replay is byte-identical to the first answer.
    public static EntryReversal? Of<T>(Entry<T>? reversal) where T : IAgentEntry =>
        reversal is null ? null : new(reversal.Id, reversal.ReversalReason ?? "", reversal.Source, reversal.RecordedAt.ToUniversalTime());
}
