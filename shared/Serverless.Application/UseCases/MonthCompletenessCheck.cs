using System.Collections.Concurrent;
using Serverless.Application.Ports;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;

namespace Serverless.Application.UseCases;

/// <summary>
/// Is the month's data complete enough to close? Reads every day's import status rows (one partition a day, the day before
/// the month too: whether the pipeline was already receiving exports), the exports still waiting in the container, and
/// when v1 was published, and judges them with <see cref="CompletenessCheck"/>. Writes nothing; month close asks it
/// before v1, <c>GET /api/months/{m}/completeness</c> shows its matrix.
/// </summary>
public sealed class MonthCompletenessCheck(IImportLog imports, IExportStore exports, IPublicationStore publications, CompletenessRules rules, TimeProvider clock)
{
    public CompletenessRules Rules => rules;

    public async Task<MonthCompleteness> CheckAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var today = new BusinessCalendar(clock).Today;
        var lastDay = month.LastDay < today ? month.LastDay : today;
        var kinds = rules.RequiredKinds.Concat(rules.OptionalKinds).Distinct().ToList();

        var dayBefore = month.FirstDay.AddDays(-1);
        var rows = new ConcurrentBag<ImportRecord>();
        var before = 0;
        var days = Enumerable.Range(0, month.LastDay.Day + 1).Select(i => dayBefore.AddDays(i)).Where(d => d <= lastDay).ToList();
        await Parallel.ForEachAsync(days, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (day, ct) =>
        {
            var listed = await imports.ListAsync(day, null, null, ct);
            if (day == dayBefore)
            {
                if (listed.Count > 0) Interlocked.Exchange(ref before, 1);
                return;
            }
            foreach (var r in listed) rows.Add(r);
        });

        // A file whose current bytes have no status row (same blob name and ETag) is still being imported.
        // ETags compare without their quotes: a download reports them quoted, a listing bare.
        static string Bare(string etag) => etag.Trim('"');
        var known = rows.Select(r => (r.BlobName, Bare(r.BlobETag))).ToHashSet();
        var pending = new List<PendingExport>();
        foreach (var kind in kinds)
        {
            await foreach (var blob in exports.ListAsync($"{kind.ToPathName()}/{month}-", cancellationToken))
            {
                if (known.Contains((blob.Name, Bare(blob.ETag))) || !ExportPath.TryParse(blob.Name, out var path, out _)) continue;
                pending.Add(new PendingExport(path!.Kind, path.Date, path.Source, blob.Name));
            }
        }

        var closedAt = await ClosedAtAsync(month, cancellationToken);
        var arrivals = rows.Select(r => new ExportArrival(r.Kind, r.Date, r.Source, StateOf(r.Status), r.ReceivedAt, r.ImportId, r.RejectionReason)).ToList();
        return CompletenessCheck.Judge(month, lastDay, rules, arrivals, pending, before == 1, closedAt);
    }

    /// <summary>When v1 of the month was published, or null while it is not: an import received later is "after close".</summary>
    public async Task<DateTimeOffset?> ClosedAtAsync(YearMonth month, CancellationToken cancellationToken) =>
        (await publications.ListAsync(month, cancellationToken))
            .Where(v => v.State == PublicationState.Complete).OrderBy(v => v.Version).FirstOrDefault()?.CompletedAt;

    private static DayFileState StateOf(ImportStatus status) => status switch
    {
        ImportStatus.Accepted => DayFileState.Accepted,
        ImportStatus.AcceptedWithErrors => DayFileState.WithErrors,
        ImportStatus.Duplicate => DayFileState.Duplicate,
        _ => DayFileState.Rejected,
    };
}
