using System.Globalization;
using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;

namespace Serverless.Storage;

/// <summary>
/// Where a published month's files live, defined once for the writer (<see cref="PublicationStore"/>) and the reader
/// (<see cref="PublishedMonths"/>): <c>rankings/{yyyy-MM}/v{n}/</c> holds the ranking files, the diff and the manifest,
/// <c>bonus/{yyyy-MM}/v{n}/</c> the bonus and payroll files (payroll.csv, payroll-delta.csv) and the manifest again (payroll reads only that container).
/// File names and media types are the domain's (<see cref="MonthPublication"/>).
/// </summary>
public static class PublishedLayout
{
    /// <summary>Every container a file is written to; the first is where it is read from.</summary>
    public static IReadOnlyList<string> ContainersOf(string fileName) => fileName switch
    {
        MonthPublication.BonusCsvName or MonthPublication.PayrollCsvName or MonthPublication.PayrollDeltaCsvName => [Containers.Bonus],
        MonthPublication.ManifestName => [Containers.Rankings, Containers.Bonus],
        _ => [Containers.Rankings],
    };

    /// <summary>The container a file is read from: bonus, payroll and payroll delta from <c>bonus</c>, the rest from <c>rankings</c>.</summary>
    public static string ContainerOf(string fileName) => ContainersOf(fileName)[0];

    /// <summary>The blob name of a file of a version inside its container, e.g. <c>2026-10/v2/ranking.csv</c>.</summary>
    public static string BlobName(YearMonth month, int version, string fileName) =>
        string.Create(CultureInfo.InvariantCulture, $"{month}/v{version}/{fileName}");

    /// <summary><c>{container}/{blob name}</c>, as status answers name a file.</summary>
    public static string LocationOf(YearMonth month, int version, string fileName) => $"{ContainerOf(fileName)}/{BlobName(month, version, fileName)}";
}
