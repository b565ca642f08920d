namespace Serverless.Application.Ports;

/// <summary>Where dropped exports are read from (the <c>exports</c> container).</summary>
public interface IExportStore
{
    /// <summary>Opens a blob as a stream, or null when it no longer exists.</summary>
    Task<ExportContent?> OpenAsync(string blobName, CancellationToken cancellationToken);
}

/// <summary>An open export: its bytes as a stream, and the version (ETag) that was opened.</summary>
public sealed record ExportContent(Stream Content, string ETag, long Length) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
