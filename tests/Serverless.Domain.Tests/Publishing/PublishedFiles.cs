using CsvHelper;
using Serverless.Domain.Publishing;

namespace Serverless.Domain.Tests.Publishing;

/// <summary>Reads published files back the way their consumers would.</summary>
internal static class PublishedFiles
{
    public static PublishedFile Named(this IReadOnlyList<PublishedFile> files, string name) => files.Single(f => f.Name == name);

    /// <summary>Every record (header included) as strings, parsed by CsvHelper 34's reader.</summary>
    public static List<string[]> ReadCsv(byte[] content)
    {
        using var reader = CsvReader.Create(content, CsvReaderOptions.Default with { HasHeader = false, Separator = ',' });
        var records = new List<string[]>();
        while (reader.Read()) records.Add(reader.Current.ToArray());
        return records;
    }

    public static bool StartsWithBom(byte[] content) => content.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
}
