using System.Globalization;
using System.Text;
using Serverless.Domain.Metrics;
using Serverless.Domain.Ports;

namespace Serverless.Storage;

/// <summary>Writes a closed month's files under <c>rankings/{yyyy-MM}/</c>.</summary>
public sealed class PublicationStore(StorageClients storage) : IPublicationStore
{
    public async Task<string> WriteRankingAsync(YearMonth month, IReadOnlyList<RankingRow> rows, CancellationToken cancellationToken)
    {
        // UTF-8 with a BOM so Excel shows Chinese names correctly.
        var csv = new StringBuilder("\uFEFFrank,agentId,name,department,answeredCalls,averageHandleSeconds\r\n");
        foreach (var r in rows)
        {
            csv.Append(r.Rank).Append(',')
                .Append(CsvCell.Escape(r.AgentId)).Append(',')
                .Append(CsvCell.Escape(r.Name)).Append(',')
                .Append(CsvCell.Escape(r.Department)).Append(',')
                .Append(r.AnsweredCalls).Append(',')
                .Append(r.AverageHandleSeconds?.ToString("0.0", CultureInfo.InvariantCulture)).Append("\r\n");
        }
        var name = $"{month}/ranking.csv";
        var container = storage.Blobs.GetBlobContainerClient(Containers.Rankings);
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString(csv.ToString()), overwrite: true, cancellationToken);
        return $"{Containers.Rankings}/{name}";
    }
}
