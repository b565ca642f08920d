using System.Text.Json;

namespace Serverless.Domain.Publishing;

/// <summary>Writes and reads <c>ranking.json</c> for other systems; reading a published version back gives the rows a later version is compared with.</summary>
public static class RankingJson
{
    public static void Write(MonthRankingResult ranking, PublicationMetadata metadata, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(metadata);
        var document = new RankingDocument(
            metadata.Month.ToString(), metadata.Version, metadata.RulesVersion, metadata.GeneratedAt, metadata.Reason,
            ranking.Summary, ranking.Rows);
        JsonSerializer.Serialize(destination, document, PublicationJson.Options);
    }

    /// <summary>Reads a published <c>ranking.json</c>.</summary>
    /// <exception cref="JsonException">The stream is not a ranking document.</exception>
    public static RankingDocument Read(Stream source) =>
        JsonSerializer.Deserialize<RankingDocument>(source, PublicationJson.Options)
        ?? throw new JsonException("ranking.json holds null; expected a ranking document.");
}
