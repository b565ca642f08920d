using System.Globalization;
using System.Security.Cryptography;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;

namespace Serverless.Application.UseCases;

/// <summary>
/// Imports one dropped export: reads it (streaming), records its status and report, replaces the day's
/// metrics from its source, and says which agent-days to score. Safe to run twice for the same blob.
/// </summary>
/// <remarks>Awards and work items are replaced per kind, day and source like metrics. Awards feed month close, so
/// they ask for no day scoring; work items are scored into their day (the workload scheme's L = B × η), so the agents
/// whose items changed are re-scored like changed metrics.</remarks>
public sealed class ExportImporter(
    IExportStore exports,
    IImportLog imports,
    IImportReports reports,
    IMetricsStore metrics,
    IRosterStore roster,
    IEntryStore<AwardRecord> awards,
    IWorkItemStore workItems,
    IRulesStore rules,
    DayNorms norms,
    ExportReadOptions readOptions,
    ScoreRequestLimits requestLimits,
    TimeProvider clock)
{
    /// <summary>
    /// Imports <paramref name="blobName"/> and, when the file can move the day's peer norms (calls, agent-time, roster),
    /// refreshes them: every agent's E depends on the norms (<see cref="DayNorms"/>), so when they change the whole day
    /// is scored, not only the agents the file changed. An import already in force (a redelivered event) also scores the
    /// whole day: the first delivery may have stored new norms and then lost its messages.
    /// </summary>
    public async Task<ImportResult> ImportAsync(string blobName, CancellationToken cancellationToken)
    {
        var (result, before) = await ImportFileAsync(blobName, cancellationToken);
        if (result.Record is not { } record || !Stores(record))
        {
            return result;
        }
        if (!MovesNorms(record.Kind))
        {
            return await WholeDayIfReadAsync(result, record, cancellationToken);
        }
        var refresh = await norms.RefreshAsync(record.Date, cancellationToken);
        var redelivered = before?.ImportId == record.ImportId;
        if (!refresh.Changed && !redelivered) return result;
        // The day's agents, and the file's changed agents who are no longer in the day (a withdrawn row): their stored
        // score must be replaced by an empty day too.
        var agents = refresh.AgentIds.Union(result.ScoreRequests.SelectMany(r => r.AgentIds), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var requests = ScoreRequest.Batches(record.Date, agents, $"norms of {record.Date:yyyy-MM-dd} after import {record.ImportId}", record.ImportId, requestLimits).ToList();
        return result with
        {
            ScoreRequests = requests,
            Log = [.. result.Log, $"Peer norms of {record.Date:yyyy-MM-dd} {(refresh.Changed ? "changed" : "re-sent")} ({refresh.Norms} norms): all {agents.Count} agent-days of the day to score."],
        };
    }

    /// <summary>
    /// A file of a kind that moves no norms but that a daily rule in force reads (a <c>metric</c> rule on a quality metric)
    /// scores every agent of the day, not only those the file changed: once the kind is in, an agent missing from the file
    /// gets the entry that says so ("no scored inspection"), as an agent missing from the agent-time file does.
    /// </summary>
    private async Task<ImportResult> WholeDayIfReadAsync(ImportResult result, ImportRecord record, CancellationToken cancellationToken)
    {
        if (record.Kind is not (ExportKind.Calls or ExportKind.AgentTime or ExportKind.Quality or ExportKind.Conduct)) return result;
        var inForce = (await rules.GetBookAsync(cancellationToken)).InForceOn(record.Date);
        if (inForce is null || !inForce.Daily.Any(r => r.Reads.Contains(record.Kind))) return result;
        var agents = (await metrics.GetAgentIdsAsync(record.Date, cancellationToken))
            .Union(result.ScoreRequests.SelectMany(r => r.AgentIds), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var requests = ScoreRequest.Batches(record.Date, agents, $"{record.Kind.ToPathName()} of {record.Date:yyyy-MM-dd} read by a daily rule, after import {record.ImportId}", record.ImportId, requestLimits).ToList();
        return result with
        {
            ScoreRequests = requests,
            Log = [.. result.Log, $"A daily rule reads {record.Kind.ToPathName()}: all {agents.Count} agent-days of {record.Date:yyyy-MM-dd} to score."],
        };
    }

    /// <summary>Whether the import changed what its source stores: accepted, or a duplicate that withdrew what its source had.</summary>
    private static bool Stores(ImportRecord record) =>
        record.Status is ImportStatus.Accepted or ImportStatus.AcceptedWithErrors || (record.Status == ImportStatus.Duplicate && record.Supersedes is not null);

    private static bool MovesNorms(ExportKind kind) => kind is ExportKind.Calls or ExportKind.AgentTime or ExportKind.Roster;

    /// <summary>The import itself, with the import that was in force for the file's kind, day and source before it.</summary>
    private async Task<(ImportResult Result, ImportRecord? Before)> ImportFileAsync(string blobName, CancellationToken cancellationToken)
    {
        if (!ExportPath.TryParse(blobName, out var path, out var pathError))
        {
            // Nothing can be keyed to a kind or day: the failure is the handler's log line, not a status row.
            return (new ImportResult(null, [], $"Ignored {blobName}: {pathError}"), null);
        }
        await using var content = await exports.OpenAsync(blobName, cancellationToken);
        if (content is null)
        {
            return (new ImportResult(null, [], $"Ignored {blobName}: the blob no longer exists."), null);
        }

        var read = await ExportReader.ReadAsync(content.Content, path!, await OptionsForAsync(path!.Date, cancellationToken), cancellationToken);
        var importId = ImportIds.For(path!, read.ContentHash);
        var previous = await imports.FindAsync(path!.Kind, path.Date, path.Source, importId, cancellationToken);
        var current = await imports.CurrentAsync(path.Kind, path.Date, path.Source, cancellationToken);
        // Bytes seen before are a repeat when they are what is in force (or were rejected); bytes of an
        // import that a newer file superseded are imported again, replacing the newer one.
        if (previous is not null && (previous.Status == ImportStatus.Rejected || previous.ImportId == current?.ImportId))
        {
            return (await RepeatAsync(previous, content.ETag, read, cancellationToken), current);
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
            ContentHash = read.ContentHash,
            DataRows = read.DataRows,
            AcceptedRows = read.AcceptedRows,
            BadRows = read.BadRows,
            Supersedes = read.Outcome == ImportOutcome.Rejected ? null : current?.ImportId,
            RejectionReason = read.RejectionReason,
            ReceivedAt = clock.GetUtcNow(),
        };
        // The same bytes counting under another source name (north.csv and "north (1).csv") count once: the later one
        // is a duplicate of the earlier, in force for its own source but contributing nothing. The claim is atomic, so
        // two copies arriving at once cannot both count.
        var first = record.Status == ImportStatus.Rejected ? null : await imports.ClaimContentAsync(record, cancellationToken);
        if (first is not null)
        {
            record = record with { Status = ImportStatus.Duplicate, DuplicateOf = first.ImportId, DuplicateOfBlob = first.BlobName };
            // Nothing of the file counts; whatever this source had in force for the day is withdrawn, as any new file
            // of the source would replace it.
            read = read with { Metrics = [], Roster = [], Awards = [], WorkItems = [] };
        }
        var unknown = read.Outcome == ImportOutcome.Rejected ? [] : await UnknownAgentsAsync(read, cancellationToken);
        record = record with { UnknownAgents = unknown.Count };
        record = record with { ReportBlob = await reports.WriteAsync(record, read, unknown, cancellationToken) };

        if (record.Status == ImportStatus.Rejected)
        {
            await imports.SaveAsync(record, cancellationToken);
            return (new ImportResult(record, [], $"Rejected {blobName}: {read.RejectionReason}"), current);
        }

        var changed = await ApplyAsync(path, importId, read, cancellationToken);
        // The status row goes last: if anything above failed, a retry finds no record and does it all again.
        await imports.SaveAsync(record, cancellationToken);
        if (!await imports.TrySetCurrentAsync(record, current, cancellationToken))
        {
            // A second delivery of the same event that ran at the same time put these very bytes in force first: this
            // one is a redelivery, not a conflict (Event Grid delivers again when an answer takes over 30 s).
            if ((await imports.CurrentAsync(path.Kind, path.Date, path.Source, cancellationToken))?.ImportId == importId)
            {
                return (await RepeatAsync(record, content.ETag, read, cancellationToken), current);
            }
            throw new InvalidOperationException($"Another import for {path.Kind.ToPathName()} {path.Date:yyyy-MM-dd} {path.Source} landed while {blobName} was imported; retrying rebuilds the day from the newest file.");
        }
        var requests = ScoreRequest.Batches(path.Date, changed, $"import {importId}", importId, requestLimits).ToList();
        var summary = first is not null
            ? $"Duplicate {blobName}: the same bytes as import {first.ImportId} of {first.BlobName}, counted once there; {changed.Count} agent-days to score."
            : $"Imported {blobName}: {record.Status}, {read.AcceptedRows} rows kept, {read.BadRows} bad, {changed.Count} agent-days to score.";
        return (new ImportResult(record, requests, summary), current);
    }

    private async Task<IReadOnlyList<string>> ApplyAsync(ExportPath path, string importId, ExportReadResult read, CancellationToken cancellationToken)
    {
        switch (path.Kind)
        {
            case ExportKind.Calls or ExportKind.AgentTime or ExportKind.Quality or ExportKind.Conduct:
                return await metrics.ReplaceAsync(path.Date, path.Kind, path.Source, importId, read.Metrics, cancellationToken);
            case ExportKind.Roster:
                await roster.UpsertAsync(read.Roster, cancellationToken);
                return [];
            case ExportKind.Awards:
                await ReplaceAwardsAsync(path, importId, read.Awards, cancellationToken);
                return [];
            case ExportKind.WorkItems:
                return await workItems.ReplaceAsync(path.Date, path.Source, importId, read.WorkItems, cancellationToken);
            default:
                throw new ArgumentOutOfRangeException(nameof(path), path.Kind, "Unknown export kind.");
        }
    }

    /// <summary>
    /// Adds the file's awards and reverses every award of the same day and source that an earlier import put in
    /// force, so a corrected file leaves exactly its own awards counting.
    /// </summary>
    /// <remarks>
    /// Award ids are <c>{importId}-{n}</c> (n = the award's place in the file), so a retry adds nothing twice. The
    /// store is append-only: when the same bytes come back after another file replaced them (A, B, A), their old
    /// ids are already reversed, so they get the next free generation, <c>{importId}-g{k}-{n}</c>.
    /// </remarks>
    private async Task ReplaceAwardsAsync(ExportPath path, string importId, IReadOnlyList<AwardRecord> records, CancellationToken cancellationToken)
    {
        var month = YearMonth.Of(path.Date);
        var all = await awards.GetMonthAsync(month, cancellationToken);
        var reversed = all.Select(a => a.ReversalOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var existing = all.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);

        string Id(int generation, int n) => generation == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{importId}-{n}")
            : string.Create(CultureInfo.InvariantCulture, $"{importId}-g{generation}-{n}");
        var generation = 0;
        while (Enumerable.Range(1, records.Count).Any(n => reversed.Contains(Id(generation, n))))
        {
            generation++;
        }
        var ids = Enumerable.Range(1, records.Count).Select(n => Id(generation, n)).ToList();

        // The slot's imports (this one included: a retry may find its own earlier awards).
        var slot = (await imports.ListAsync(path.Date, ExportKind.Awards, null, cancellationToken))
            .Where(r => r.Source == path.Source).Select(r => SourceOf(r.ImportId)).Append(SourceOf(importId)).ToHashSet(StringComparer.Ordinal);
        var keep = ids.ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        foreach (var stale in Entries.InForce(all).Where(a => a.Value.Date == path.Date && slot.Contains(a.Source) && !keep.Contains(a.Id)))
        {
            await awards.AddAsync(stale.ReversedBy(stale.Id + "-rev", $"replaced by import {importId} of {path.BlobName}", SourceOf(importId), now), cancellationToken);
        }
        for (var i = 0; i < records.Count; i++)
        {
            if (existing.Contains(ids[i])) continue;
            await awards.AddAsync(new Entry<AwardRecord> { Id = ids[i], Value = records[i], Source = SourceOf(importId), RecordedAt = now }, cancellationToken);
        }
    }

    private static string SourceOf(string importId) => "import:" + importId;

    /// <summary>The file's agents who are not on the roster (kept and scored as <c>unassigned</c>, but reported).</summary>
    private async Task<IReadOnlyList<string>> UnknownAgentsAsync(ExportReadResult read, CancellationToken cancellationToken)
    {
        var agents = read.Metrics.Select(m => m.AgentId)
            .Concat(read.Awards.Select(a => a.AgentId))
            .Concat(read.WorkItems.Select(w => w.AgentId))
            .Distinct(StringComparer.Ordinal).ToList();
        if (agents.Count == 0) return [];
        var known = await roster.GetAsync(agents, cancellationToken);
        return [.. agents.Where(a => !known.ContainsKey(a)).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The same bytes again at the same place. The same blob version is a redelivered event: its score requests are
    /// sent again (scoring overwrites, so this changes nothing stored) in case the first delivery's outputs were lost.
    /// A new drop of the same bytes is a duplicate of the import in force: it gets its own id, status row and report
    /// (naming that import) and changes nothing else.
    /// </summary>
    private async Task<ImportResult> RepeatAsync(ImportRecord previous, string etag, ExportReadResult read, CancellationToken cancellationToken)
    {
        if (previous.BlobETag == etag)
        {
            if (previous.Status == ImportStatus.Rejected) return new ImportResult(previous, [], $"Redelivered {previous.BlobName}: rejected before, nothing to do.");
            if (previous.Status == ImportStatus.Duplicate) return new ImportResult(previous, [], $"Redelivered {previous.BlobName}: a duplicate of import {previous.DuplicateOf}, nothing to do.");
            var agents = read.Metrics.Select(m => m.AgentId).Concat(read.WorkItems.Select(w => w.AgentId)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return new ImportResult(previous, ScoreRequest.Batches(previous.Date, agents, $"import {previous.ImportId}", previous.ImportId, requestLimits).ToList(), $"Redelivered {previous.BlobName}: score requests sent again.");
        }
        var duplicateId = $"{previous.ImportId}-dup-{ImportIds.Of(etag)[..8]}";
        if (await imports.FindAsync(previous.Kind, previous.Date, previous.Source, duplicateId, cancellationToken) is { } recorded)
        {
            return new ImportResult(recorded, [], $"Redelivered {recorded.BlobName}: a duplicate of import {recorded.DuplicateOf}, nothing to do.");
        }
        var duplicate = previous with
        {
            ImportId = duplicateId,
            BlobETag = etag,
            Status = ImportStatus.Duplicate,
            Supersedes = null,
            // A rejected file dropped again is still not in force: it points at its own rejected import.
            DuplicateOf = previous.DuplicateOf ?? previous.ImportId,
            DuplicateOfBlob = previous.DuplicateOfBlob ?? previous.BlobName,
            UnknownAgents = 0,
            ReceivedAt = clock.GetUtcNow(),
        };
        duplicate = duplicate with { ReportBlob = await reports.WriteAsync(duplicate, read with { Metrics = [], Roster = [], Awards = [], WorkItems = [] }, [], cancellationToken) };
        await imports.SaveAsync(duplicate, cancellationToken);
        return new ImportResult(duplicate, [], $"Duplicate of import {duplicate.DuplicateOf} ({duplicate.DuplicateOfBlob}): nothing changed.");
    }

    /// <summary>
    /// Short calls are counted while reading, so the threshold is the rules' <c>shortCallSeconds</c> in force on the
    /// file's day: the scoring number stays in the rules file, not in the reader's defaults.
    /// </summary>
    private async Task<ExportReadOptions> OptionsForAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var inForce = (await rules.GetBookAsync(cancellationToken)).InForceOn(day);
        return inForce?.Efficiency is { } efficiency ? readOptions with { ShortCallSeconds = efficiency.ShortCallSeconds } : readOptions;
    }
}
