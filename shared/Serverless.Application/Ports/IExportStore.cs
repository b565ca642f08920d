namespace Serverless.Application.Ports;

/// <summary>Where dropped exports are read from (the <c>exports</c> container).</summary>
public interface IExportStore
{
    /// <summary>Opens a blob as a stream, or null when it no longer exists.</summary>
    Task<ExportContent?> OpenAsync(string blobName, CancellationToken cancellationToken);

    /// <summary>Every export whose name starts with <paramref name="prefix"/> (e.g. <c>calls/2026-10-</c>), with the ETag of its current bytes.</summary>
    IAsyncEnumerable<ExportBlob> ListAsync(string prefix, CancellationToken cancellationToken);
}

/// <summary>One export in the container: its name and the version (ETag) of its current bytes.</summary>
public sealed record ExportBlob(string Name, string ETag);

/// <summary>An open export: its bytes as a stream, and the version (ETag) that was opened.</summary>
public sealed record ExportContent(Stream Content, string ETag, long Length) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
