namespace Serverless.Application.Ports;

/// <summary>
/// Idempotency keys an HTTP caller sent (e.g. an award's <c>Idempotency-Key</c>), each claimed once per scope with a
/// value that locates and fingerprints what it created, so a retry finds the first result whatever changed since.
/// </summary>
public interface IIdempotencyKeys
{
    /// <summary>Claims <paramref name="key"/> for <paramref name="value"/>; returns null when this call claimed it, else the value of the earlier claim.</summary>
    Task<string?> ClaimAsync(string scope, string key, string value, CancellationToken cancellationToken);

    /// <summary>The value a key was claimed with, or null when it never was.</summary>
    Task<string?> FindAsync(string scope, string key, CancellationToken cancellationToken);
}
