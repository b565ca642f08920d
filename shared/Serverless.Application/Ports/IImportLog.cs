using Serverless.Domain.Exports;

namespace Serverless.Application.Ports;

/// <summary>Import status rows, and which import is in force for each kind, day and source.</summary>
public interface IImportLog
{
    Task<ImportRecord?> FindAsync(ExportKind kind, DateOnly date, string source, string importId, CancellationToken cancellationToken);

    Task SaveAsync(ImportRecord record, CancellationToken cancellationToken);

    /// <summary>The import currently in force for a kind, day and source: accepted, or a duplicate that counts nothing.</summary>
    Task<ImportRecord?> CurrentAsync(ExportKind kind, DateOnly date, string source, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="record"/> the one in force; false if another import got there first since <paramref name="expected"/> was read.</summary>
    Task<bool> TrySetCurrentAsync(ImportRecord record, ImportRecord? expected, CancellationToken cancellationToken);

    /// <summary>
    /// Claims <paramref name="candidate"/>'s bytes (its content hash) for its kind and day, atomically: null when they
    /// are now its to count (no one held them, its own source held them, or the holder's source has since put newer
    /// bytes in force); otherwise the import of another source that holds them (in force, or still being imported),
    /// of which the candidate is a duplicate.
    /// </summary>
    Task<ContentHolder?> ClaimContentAsync(ImportRecord candidate, CancellationToken cancellationToken);

    Task<IReadOnlyList<ImportRecord>> ListAsync(DateOnly date, ExportKind? kind, ImportStatus? status, CancellationToken cancellationToken);
}
