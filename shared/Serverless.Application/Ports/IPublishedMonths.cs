using Serverless.Domain.Metrics;

namespace Serverless.Application.Ports;

/// <summary>
/// Reads what month close published: <c>rankings/{yyyy-MM}/v{n}/…</c> and <c>bonus/{yyyy-MM}/v{n}/…</c>,
/// where the latest version of a month is the highest n.
/// </summary>
public interface IPublishedMonths
{
    /// <summary>The highest published version of the month, or null when the month was never published.</summary>
    Task<int?> GetLatestVersionAsync(YearMonth month, CancellationToken cancellationToken);

    /// <summary>The latest month that has a published ranking, or null when none has.</summary>
    Task<YearMonth?> GetLatestMonthAsync(CancellationToken cancellationToken);

    /// <summary>Opens one published file (e.g. <c>ranking.json</c>, <c>payroll.csv</c>) of a version, or null when it is absent.</summary>
    Task<PublishedFileContent?> OpenFileAsync(YearMonth month, int version, string fileName, CancellationToken cancellationToken);
}

/// <summary>An open published file: its bytes as a stream, media type, length and the version tag (ETag) read.</summary>
public sealed record PublishedFileContent(Stream Content, string ContentType, long Length, string ETag, DateTimeOffset LastModified) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
