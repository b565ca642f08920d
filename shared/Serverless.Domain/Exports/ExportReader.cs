namespace Serverless.Domain.Exports;

/// <summary>Reads one export as a stream (placeholder: the real reader lands with the ingestion work).</summary>
public static class ExportReader
{
    public static Task<ExportReadResult> ReadAsync(Stream content, ExportPath path, ExportReadOptions options, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The export reader is not written yet.");
}
