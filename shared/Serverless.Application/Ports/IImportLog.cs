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

    Task<IReadOnlyList<ImportRecord>> ListAsync(DateOnly date, ExportKind? kind, ImportStatus? status, CancellationToken cancellationToken);
}
