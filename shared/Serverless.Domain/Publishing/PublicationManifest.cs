using System.Text.Json;
using System.Text.Json.Serialization;

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
    /// <summary>
    /// From v2 on: the summary of <c>payroll-delta.csv</c>, naming the version it is against. Absent (not written) in v1,
    /// so a v1 manifest reads as it always did.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ManifestPayrollDelta? PayrollDelta { get; init; }

    /// <summary>Bonuses held back in this version (in <c>bonus.csv</c>, not in <c>payroll.csv</c>); absent when none is.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<BonusHold>? Holds { get; init; }

    /// <summary>How many inquiries (申诉) on the month were still open when this version was published; absent when none was.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? OpenInquiries { get; init; }

    /// <summary>
    /// The coverage figures of <c>teams.csv</c> (<see cref="TeamResults"/>): ranked agents and how many have ever earned a
    /// bonus tier, teams and how many have a member in a tier this month. Absent in versions published before teams were reported.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TeamCoverage? Teams { get; init; }

    public void Write(Stream destination) => JsonSerializer.Serialize(destination, this, PublicationJson.Options);

    /// <summary>Reads a published <c>manifest.json</c>.</summary>
    /// <exception cref="JsonException">The stream is not a manifest.</exception>
    public static PublicationManifest Read(Stream source) =>
        JsonSerializer.Deserialize<PublicationManifest>(source, PublicationJson.Options)
        ?? throw new JsonException("manifest.json holds null; expected a manifest.");
}
