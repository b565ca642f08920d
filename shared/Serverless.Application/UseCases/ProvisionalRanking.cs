using System.Security.Cryptography;
using System.Text.Json;
using Serverless.Application.Ports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;

namespace Serverless.Application.UseCases;

/// <summary>What one refresh of a month's provisional ranking did.</summary>
public enum ProvisionalRefreshStatus
{
    /// <summary>The ranking changed (or none was stored): stored.</summary>
    Written,

    /// <summary>Computed the same as the stored one: nothing written.</summary>
    Unchanged,

    /// <summary>Nothing to rank (no rules in force, no day scored): nothing written.</summary>
    NoData,
}

public sealed record ProvisionalRefresh(YearMonth Month, ProvisionalRefreshStatus Status, DateTimeOffset ComputedAt);

/// <summary>
/// The provisional ranking (暂定) of the months not published yet, stored so the web app reads one document instead of
/// every agent's month (seconds at 20,000 agents). It is <see cref="MonthPublisher.PreviewAsync"/> as of the time
/// computed: the running month (the business calendar's today), and the month before it until that month is published
/// (its last days are scored after it ends). A refresh that computes the same content writes nothing.
/// </summary>
public sealed class ProvisionalRanking(MonthPublisher publisher, IProvisionalRankings store, IPublishedMonths published, TimeProvider clock)
{
    /// <summary>The months a refresh keeps: the running month, and the one before while it is not published.</summary>
    public async Task<IReadOnlyList<YearMonth>> KeptMonthsAsync(CancellationToken cancellationToken)
    {
        var running = YearMonth.Of(new BusinessCalendar(clock).Today);
        return await published.GetLatestVersionAsync(running.Previous, cancellationToken) is null ? [running, running.Previous] : [running];
    }

    /// <summary>Computes and stores (when changed) every kept month's provisional ranking.</summary>
    public async Task<IReadOnlyList<ProvisionalRefresh>> RefreshAsync(CancellationToken cancellationToken)
    {
        var results = new List<ProvisionalRefresh>();
        foreach (var month in await KeptMonthsAsync(cancellationToken))
        {
            results.Add((await ComputeAsync(month, keep: true, cancellationToken)).Refresh);
        }
        return results;
    }

    /// <summary>
    /// The provisional ranking the web app shows for an unpublished month: the stored one of a kept month; when none is
    /// stored yet (the first minutes of a month), computed now and stored, so the next view reads it. A month no refresh
    /// keeps (an older month never published) is computed each time and stored nowhere. Null when there is nothing to rank.
    /// </summary>
    public async Task<RankingDocument?> GetAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var kept = (await KeptMonthsAsync(cancellationToken)).Contains(month);
        if (kept && await store.GetAsync(month, cancellationToken) is { } stored) return stored;
        return (await ComputeAsync(month, kept, cancellationToken)).Document;
    }

    private async Task<(ProvisionalRefresh Refresh, RankingDocument? Document)> ComputeAsync(YearMonth month, bool keep, CancellationToken cancellationToken)
    {
        var computedAt = clock.GetUtcNow();
        if (await publisher.PreviewAsync(month, cancellationToken) is not { } preview)
        {
            return (new ProvisionalRefresh(month, ProvisionalRefreshStatus.NoData, computedAt), null);
        }
        var document = new RankingDocument(month.ToString(), 0, preview.Rules.Version, computedAt, null, preview.Ranking.Summary, preview.Ranking.Rows);
        var written = keep && await store.PutIfChangedAsync(month, document, ContentHash(document), cancellationToken);
        return (new ProvisionalRefresh(month, written ? ProvisionalRefreshStatus.Written : ProvisionalRefreshStatus.Unchanged, computedAt), document);
    }

    /// <summary>SHA-256 of the document without its time computed: the same standings hash the same at any time.</summary>
    public static string ContentHash(RankingDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document with { GeneratedAt = default }, PublicationJson.Options);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
