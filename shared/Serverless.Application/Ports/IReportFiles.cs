namespace Serverless.Application.Ports;

/// <summary>Reads import reports back (the <c>reports</c> container) for the HR API.</summary>
public interface IReportFiles
{
    /// <summary>Opens a report blob (as named by <see cref="ImportRecord.ReportBlob"/>), or null when it is gone.</summary>
    Task<Stream?> OpenAsync(string blobName, CancellationToken cancellationToken);
}
