using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;

namespace Serverless.Application.UseCases;

/// <summary>A month's publications as the HR API shows them: every published version, the latest, and whether one is being written.</summary>
public sealed record MonthPublicationStatus(YearMonth Month, IReadOnlyList<PublishedVersion> Versions, bool InProgress)
{
    public PublishedVersion? Latest => Versions.Count == 0 ? null : Versions[^1];
}

/// <summary>One published (frozen) version: why and when it was written, its manifest, and where each file is.</summary>
public sealed record PublishedVersion(
    int Version,
    string? Reason,
    DateTimeOffset GeneratedAt,
    DateTimeOffset? CompletedAt,
    PublicationManifest Manifest,
    IReadOnlyList<PublishedFileLocation> Files);

/// <summary>One file of a published version: its name, where it is stored (<c>{container}/{blob}</c>), size and SHA-256.</summary>
public sealed record PublishedFileLocation(string Name, string Location, long Bytes, string? Sha256);
