using System.Security.Cryptography;
using Serverless.Domain.Exports;
using Serverless.Domain.Ports;

namespace Serverless.Domain.Pipeline;

/// <summary>
/// Imports one dropped export: reads it (streaming), records its status and report, replaces the day's
/// metrics from its source, and says which agent-days to score. Safe to run twice for the same blob.
/// </summary>
public sealed class ExportImporter(
    IExportStore exports,
    IImportLog imports,
    IImportReports reports,
    IMetricsStore metrics,
    IRosterStore roster,
    ExportReadOptions readOptions,
    TimeProvider clock)
{
    public async Task<ImportResult> ImportAsync(string blobName, CancellationToken cancellationToken)
    {
        if (!ExportPath.TryParse(blobName, out var path, out var pathError))
        {
            // Nothing can be keyed to a kind or day: the failure is the handler's log line, not a status row.
            return new ImportResult(null, [], $"Ignored {blobName}: {pathError}");
        }
        await using var content = await exports.OpenAsync(blobName, cancellationToken);
        if (content is null)
        {
            return new ImportResult(null, [], $"Ignored {blobName}: the blob no longer exists.");
        }

        var read = await ExportReader.ReadAsync(content.Content, path!, readOptions, cancellationToken);
        var importId = ImportIdOf(read.ContentSha256);
        var previous = await imports.FindAsync(path!.Kind, path.Date, path.Source, importId, cancellationToken);
        var current = await imports.CurrentAsync(path.Kind, path.Date, path.Source, cancellationToken);
        // Bytes seen before are a repeat when they are what is in force (or were rejected); bytes of an
        // import that a newer file superseded are imported again, replacing the newer one.
        if (previous is not null && (previous.Status == ImportStatus.Rejected || previous.ImportId == current?.ImportId))
        {
            return await RepeatAsync(previous, content.ETag, read, cancellationToken);
        }

        var record = new ImportRecord
        {
            ImportId = importId,
            Kind = path.Kind,
            Date = path.Date,
            Source = path.Source,
            BlobName = blobName,
            BlobETag = content.ETag,
            Status = read.Outcome switch
            {
                ImportOutcome.Accepted => ImportStatus.Accepted,
                ImportOutcome.AcceptedWithErrors => ImportStatus.AcceptedWithErrors,
                _ => ImportStatus.Rejected,
            },
            ContentSha256 = read.ContentSha256,
            DataRows = read.DataRows,
            AcceptedRows = read.AcceptedRows,
            BadRows = read.BadRows,
            Supersedes = read.Outcome == ImportOutcome.Rejected ? null : current?.ImportId,
            RejectionReason = read.RejectionReason,
            ReceivedAt = clock.GetUtcNow(),
        };
        record = record with { ReportBlob = await reports.WriteAsync(record, read, cancellationToken) };

        if (record.Status == ImportStatus.Rejected)
        {
            await imports.SaveAsync(record, cancellationToken);
            return new ImportResult(record, [], $"Rejected {blobName}: {read.RejectionReason}");
        }

        var changed = await ApplyAsync(path, importId, read, cancellationToken);
        // The status row goes last: if anything above failed, a retry finds no record and does it all again.
        await imports.SaveAsync(record, cancellationToken);
        if (!await imports.TrySetCurrentAsync(record, current, cancellationToken))
        {
            throw new InvalidOperationException($"Another import for {path.Kind.ToPathName()} {path.Date:yyyy-MM-dd} {path.Source} landed while {blobName} was imported; retrying rebuilds the day from the newest file.");
        }
        var requests = ScoreRequest.Batches(path.Date, changed, $"import {importId}", importId).ToList();
        return new ImportResult(record, requests, $"Imported {blobName}: {record.Status}, {read.AcceptedRows} rows kept, {read.BadRows} bad, {changed.Count} agent-days to score.");
    }

    private async Task<IReadOnlyList<string>> ApplyAsync(ExportPath path, string importId, ExportReadResult read, CancellationToken cancellationToken)
    {
        switch (path.Kind)
        {
            case ExportKind.Calls or ExportKind.AgentTime or ExportKind.Quality:
                return await metrics.ReplaceAsync(path.Date, path.Kind, path.Source, importId, read.Metrics, cancellationToken);
            case ExportKind.Roster:
                await roster.UpsertAsync(read.Roster, cancellationToken);
                return [];
            default:
                return [];
        }
    }

    /// <summary>
    /// The same bytes again. The same blob version is a redelivered event: its score requests are sent again
    /// (scoring overwrites, so this changes nothing stored) in case the first delivery's outputs were lost.
    /// A new drop of the same bytes is a duplicate and does nothing.
    /// </summary>
    private async Task<ImportResult> RepeatAsync(ImportRecord previous, string etag, ExportReadResult read, CancellationToken cancellationToken)
    {
        if (previous.BlobETag == etag)
        {
            if (previous.Status == ImportStatus.Rejected) return new ImportResult(previous, [], $"Redelivered {previous.BlobName}: rejected before, nothing to do.");
            var agents = read.Metrics.Select(m => m.AgentId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return new ImportResult(previous, ScoreRequest.Batches(previous.Date, agents, $"import {previous.ImportId}", previous.ImportId).ToList(), $"Redelivered {previous.BlobName}: score requests sent again.");
        }
        var duplicate = previous with
        {
            ImportId = $"{previous.ImportId}-dup-{ImportIdOf(etag)[..8]}",
            BlobETag = etag,
            Status = ImportStatus.Duplicate,
            Supersedes = null,
            ReceivedAt = clock.GetUtcNow(),
        };
        await imports.SaveAsync(duplicate, cancellationToken);
        return new ImportResult(duplicate, [], $"Duplicate of import {previous.ImportId}: nothing changed.");
    }

    /// <summary>Import ids come from the content, so the same bytes are recognised whatever the blob is called.</summary>
    public static string ImportIdOf(string sha256OrText) =>
        sha256OrText.Length == 64 ? sha256OrText[..24].ToLowerInvariant() : Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sha256OrText)))[..24];
}
