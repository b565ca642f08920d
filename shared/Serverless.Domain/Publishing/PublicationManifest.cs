using System.Text.Json;

namespace Serverless.Domain.Publishing;

/// <summary>
/// The content of <c>manifest.json</c>: which month and version, under which rules, how many agents were ranked
/// and paid, the total, the diff summary of a re-publication, every other file with its size and hash, and the month's completeness
/// when it was checked (gaps listed; null in versions published before the check existed).
/// </summary>
public sealed record PublicationManifest(
    string Month,
    int Version,
    string RulesVersion,
    DateTimeOffset GeneratedAt,
    string? Reason,
    int RowCount,
    int PaidCount,
    decimal TotalAmount,
    IReadOnlyList<TierPayout> Tiers,
    ManifestDiff? Diff,
    IReadOnlyList<ManifestFile> Files,
    ManifestCompleteness? Completeness = null)
{
    public void Write(Stream destination) => JsonSerializer.Serialize(destination, this, PublicationJson.Options);

    /// <summary>Reads a published <c>manifest.json</c>.</summary>
    /// <exception cref="JsonException">The stream is not a manifest.</exception>
    public static PublicationManifest Read(Stream source) =>
        JsonSerializer.Deserialize<PublicationManifest>(source, PublicationJson.Options)
        ?? throw new JsonException("manifest.json holds null; expected a manifest.");
}
