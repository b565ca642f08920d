using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;

namespace Serverless.Application.Ports;

/// <summary>
/// Published months: one claim row per version (the lock that makes a version be written once) and the version's
/// files (<c>rankings/{yyyy-MM}/v{n}/</c>, <c>bonus/{yyyy-MM}/v{n}/</c>). A version is published only once its claim is
/// complete; files of an incomplete version were never handed to anyone and may be rewritten by whoever holds the claim.
/// </summary>
public interface IPublicationStore
{
    /// <summary>Every version row of the month (claimed, released or complete), lowest version first.</summary>
    Task<IReadOnlyList<PublicationVersion>> ListAsync(YearMonth month, CancellationToken cancellationToken);

    /// <summary>Every version row (claimed, released or complete) of every month before <paramref name="month"/>, oldest month and lowest version first.</summary>
    Task<IReadOnlyList<PublicationVersion>> ListBeforeAsync(YearMonth month, CancellationToken cancellationToken);

    /// <summary>Creates the version's claim row; null when that version already has a row (someone else claimed it first).</summary>
    Task<PublicationVersion?> TryClaimAsync(PublicationClaim claim, CancellationToken cancellationToken);

    /// <summary>Replaces a stale or released claim with <paramref name="claim"/>; null when the row changed since it was read.</summary>
    Task<PublicationVersion?> TryTakeOverAsync(PublicationVersion current, PublicationClaim claim, CancellationToken cancellationToken);

    /// <summary>
    /// Renews a claim its holder is still working under (<see cref="PublicationVersion.RenewedAt"/> = <paramref name="now"/>),
    /// so it does not go stale; the renewed row (new ETag), or null when the claim is no longer this attempt's.
    /// </summary>
    Task<PublicationVersion?> TryRenewAsync(PublicationVersion claim, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Gives a claim up after a failed attempt so the retry can take over at once; false when it is no longer ours.</summary>
    Task<bool> ReleaseAsync(PublicationVersion claim, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the version's files, <c>manifest.json</c> last. A file that already exists with the same bytes is left alone
    /// (a retry); one with other bytes is a leftover of an abandoned attempt and is replaced only while
    /// <paramref name="claim"/> is still held.
    /// </summary>
    Task WriteFilesAsync(PublicationVersion claim, IReadOnlyList<PublishedFile> files, CancellationToken cancellationToken);

    /// <summary>Marks the claim complete (the version is published); null when the claim was lost to another attempt.</summary>
    Task<PublicationVersion?> TryCompleteAsync(PublicationVersion claim, PublicationManifest manifest, CancellationToken cancellationToken);

    /// <summary>One file of a version as stored, or null when it does not exist.</summary>
    Task<byte[]?> ReadFileAsync(YearMonth month, int version, string fileName, CancellationToken cancellationToken);

    /// <summary>Where a version's file is stored, as <c>{container}/{blob}</c>.</summary>
    string LocationOf(YearMonth month, int version, string fileName);
}
