using Serverless.Domain.Exports;

namespace Serverless.Application.Ports;

/// <summary>Writes an import's report (JSON, and a CSV of row errors) under the <c>reports</c> container.</summary>
public interface IImportReports
{
    /// <summary>Writes the report, listing the file's agents who are not on the roster, and returns its blob name.</summary>
    Task<string> WriteAsync(ImportRecord record, ExportReadResult result, IReadOnlyList<string> unknownAgents, CancellationToken cancellationToken);
}
