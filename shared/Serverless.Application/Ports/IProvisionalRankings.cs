using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;

namespace Serverless.Application.Ports;

/// <summary>
/// The stored provisional ranking (暂定) of a month not published yet: one document a month, apart from everything a
/// month close publishes (never a version, never a file of <c>rankings/</c>). Its <see cref="RankingDocument.GeneratedAt"/>
/// is when it was computed; its version is 0.
/// </summary>
public interface IProvisionalRankings
{
    /// <summary>The month's stored provisional ranking, or null when none is stored.</summary>
    Task<RankingDocument?> GetAsync(YearMonth month, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="document"/> unless the stored one has the same <paramref name="contentHash"/> (its rows,
    /// summary and rules version, not the time computed); true when it wrote.
    /// </summary>
    Task<bool> PutIfChangedAsync(YearMonth month, RankingDocument document, string contentHash, CancellationToken cancellationToken);
}
