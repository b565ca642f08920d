using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;

namespace Serverless.MainJob;

/// <summary>One export file of the run: its blob name in <c>exports/</c> (its path under the folder) and what that path says.</summary>
public sealed record ExportFile(string BlobName, ExportPath Path);

/// <summary>A file the job does not drop: its path does not say what kind of export and which day it is.</summary>
public sealed record SkippedFile(string FullPath, string Reason);

/// <summary>
/// The exports of one run: the files to drop (roster first), the ones skipped because their path is not an export's, and
/// the months their days fall in. A file whose path does not parse would never get an import status, so it is set
/// aside here with the reason instead of being dropped.
/// </summary>
public sealed record ExportsFolder(string Directory, IReadOnlyList<ExportFile> Files, IReadOnlyList<SkippedFile> Skipped)
{
    /// <summary>The months the exports' days fall in, oldest first; the roster is a snapshot, not a day of work, and covers none.</summary>
    public IReadOnlyList<YearMonth> Months =>
        [.. Files.Where(f => f.Path.Kind != ExportKind.Roster).Select(f => YearMonth.Of(f.Path.Date)).Distinct().Order()];

    public IReadOnlyList<ExportFile> Roster => [.. Files.Where(f => f.Path.Kind == ExportKind.Roster)];

    public IReadOnlyList<ExportFile> Days => [.. Files.Where(f => f.Path.Kind != ExportKind.Roster)];

    public static ExportsFolder Scan(string directory)
    {
        var files = new List<ExportFile>();
        var skipped = new List<SkippedFile>();
        foreach (var full in System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(directory, full).Replace('\\', '/');
            if (ExportPath.TryParse(relative, out var path, out var error)) files.Add(new ExportFile(relative, path!));
            else skipped.Add(new SkippedFile(full, error!));
        }
        return new ExportsFolder(directory, files, skipped);
    }
}
