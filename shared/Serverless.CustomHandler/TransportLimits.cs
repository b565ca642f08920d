namespace Serverless.CustomHandler;

/// <summary>
/// What the transports between the functions hold, beside the contract that carries them: how big a score request
/// may be, and how a redelivered message is told from a first delivery. The use cases take these as parameters
/// (<c>ScoreRequestLimits</c>), so no transport number lives in the application or the domain.
/// </summary>
public static class TransportLimits
{
    /// <summary>
    /// Most agents per <c>score-requests</c> message. Each request reads its batch with a fixed number of range queries
    /// (the day's markers, rules, norms) besides the pages its agents fill, and on Azurite every query and page scans its
    /// whole table, so fewer, larger requests read less; a national day (20,000) is five requests.
    /// </summary>
    public const int MaxAgentsPerScoreRequest = 4000;

    /// <summary>
    /// Most bytes of a <c>score-requests</c> message's JSON, counted the most an id could cost (every character not
    /// plainly ASCII as a six-byte <c>\uXXXX</c> escape): a storage queue takes 64 KB base64-encoded, that is 48 KB of
    /// JSON (Service Bus standard takes 256 KB). Short ids (the centers' are 6–8 characters) fill the agent limit first.
    /// </summary>
    public const int MaxScoreRequestBytes = 45_000;

    /// <summary>
    /// Whether a Service Bus message was delivered before (its <c>DeliveryCount</c> metadata is above 1): a redelivery
    /// may follow a lost lock, so the scorer re-checks what an earlier attempt may already have written.
    /// </summary>
    public static bool IsRedelivery(InvocationMetadata? metadata) => metadata?.DeliveryCount > 1;
}
