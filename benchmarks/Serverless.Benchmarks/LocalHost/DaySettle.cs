using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Serverless.LocalHost;
using Serverless.Storage;

namespace Serverless.Benchmarks.LocalHost;

/// <summary>
/// When dropped files are done with — every benchmark that drops exports waits on this, so its figures are of finished
/// work. Settled: every file has its import row, at least as many parses have succeeded as files were dropped, the score
/// queue is empty, no <c>ParseExport</c> or <c>ScoreAgentDays</c> invocation has ended for <see cref="Quiet"/>, and
/// (when given) the caller's own check of the stored result holds. No count alone would do under load: Event Grid
/// redelivers a parse that has not answered in 30 s, so a slow file's parse can end twice and a parse count runs ahead
/// of the files; and a parse writes its import row last before it answers, its score requests enqueued by the host only
/// after the answer.
/// </summary>
internal sealed class DaySettle : IDisposable
{
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);

    private readonly InvocationJournal _journal;
    private long _lastEnded;

    /// <summary>Starts watching invocations: create it before the files are uploaded.</summary>
    public DaySettle(InvocationJournal journal)
    {
        _journal = journal;
        _lastEnded = Stopwatch.GetTimestamp();
        _journal.Recorded += OnRecorded;
    }

    /// <summary>The <see cref="Stopwatch"/> timestamp at which the last parse or score invocation ended.</summary>
    public long LastEnded => Interlocked.Read(ref _lastEnded);

    /// <summary>
    /// Waits until settled (see the class) and returns the <see cref="Stopwatch"/> timestamp at which the work ended: the
    /// end of the last parse or score invocation, not the moment the quiet period confirmed it.
    /// </summary>
    public async Task<long> WaitAsync(QueueClient queue, string connection, IReadOnlyList<string> blobs, long parses, TimeSpan timeout,
        Func<Task<bool>>? stored = null)
    {
        var imports = new TableServiceClient(connection).GetTableClient(Tables.Imports);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (deadline.Elapsed > timeout) throw new TimeoutException($"{string.Join(", ", blobs)}: not imported and scored within {timeout.TotalMinutes:0} minutes.");
            var parsed = _journal.Snapshot().TryGetValue("ParseExport", out var p) ? p.Succeeded : 0;
            var ended = LastEnded;
            if (parsed >= parses && Stopwatch.GetElapsedTime(ended) >= Quiet && (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0
                && await ImportedAsync(imports, blobs) && (stored is null || await stored()) && LastEnded == ended)
            {
                return ended;
            }
            await Task.Delay(200);
        }
    }

    private static async Task<bool> ImportedAsync(TableClient imports, IReadOnlyList<string> blobs)
    {
        if (blobs.Count == 0) return true;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in imports.QueryAsync<TableEntity>(select: ["BlobName"])) if (row.GetString("BlobName") is { } b) seen.Add(b);
        return blobs.All(seen.Contains);
    }

    private void OnRecorded(InvocationOutcome outcome)
    {
        if (outcome.Function is "ParseExport" or "ScoreAgentDays") Interlocked.Exchange(ref _lastEnded, Stopwatch.GetTimestamp());
    }

    public void Dispose() => _journal.Recorded -= OnRecorded;
}
