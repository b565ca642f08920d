using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Serverless.Domain.Exports;
using Serverless.Application.Ports;

namespace Serverless.Storage;

/// <summary>
/// Writes <c>reports/{date}/{kind}/{source}/{importId}.json</c> and, when rows were bad,
/// <c>….errors.csv</c>. Row error values are already masked for personal columns by the reader.
/// </summary>
public sealed class ImportReports(StorageClients storage) : IImportReports
{
    private const int MaxUnknownAgentsListed = 1000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<string> WriteAsync(ImportRecord record, ExportReadResult result, IReadOnlyList<string> unknownAgents, CancellationToken cancellationToken)
    {
        var container = storage.Blobs.GetBlobContainerClient(Containers.Reports);
        var stem = $"{record.Date:yyyy-MM-dd}/{record.Kind.ToPathName()}/{record.Source}/{record.ImportId}";
        var report = new
        {
            record.ImportId,
            kind = record.Kind.ToPathName(),
            date = record.Date,
            record.Source,
            record.BlobName,
            status = record.Status.ToString(),
            result.RejectionReason,
            record.Supersedes,
            // A duplicate counts nothing; this names the import whose identical bytes count.
            duplicateOf = record.DuplicateOf is null ? null : new
            {
                importId = record.DuplicateOf,
                blobName = record.DuplicateOfBlob,
                report = $"/api/imports/{record.Date:yyyy-MM-dd}/{record.DuplicateOf}/report",
            },
            result.ContentHash,
            result.RawBytes,
            result.Encoding,
            delimiter = result.Delimiter.ToString(),
            result.HeadersSeen,
            result.MissingColumns,
            result.DataRows,
            result.AcceptedRows,
            result.BadRows,
            rowErrorsListed = result.RowErrors.Count,
            rowErrors = result.RowErrors.Take(100),
            unknownAgents = unknownAgents.Count,
            // Ids only (never names or numbers); capped so a file of strangers still makes a small report.
            unknownAgentIds = unknownAgents.Take(MaxUnknownAgentsListed),
            record.ReceivedAt,
        };
        await container.GetBlobClient(stem + ".json").UploadAsync(BinaryData.FromObjectAsJson(report, Json), overwrite: true, cancellationToken);
        if (result.RowErrors.Count > 0)
        {
            var csv = new StringBuilder("row,column,reason,value\r\n");
            foreach (var error in result.RowErrors)
            {
                csv.Append(error.Row).Append(',')
                    .Append(CsvCell.Escape(error.Column)).Append(',')
                    .Append(CsvCell.Escape(error.Reason)).Append(',')
                    .Append(CsvCell.Escape(error.Value)).Append("\r\n");
            }
            await container.GetBlobClient(stem + ".errors.csv").UploadAsync(BinaryData.FromString(csv.ToString()), overwrite: true, cancellationToken);
        }
        return stem + ".json";
    }
}
