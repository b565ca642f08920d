using CsvHelper;

namespace Serverless.Functions.Tests.MonthClose;

/// <summary>Reads a published CSV back with CsvHelper 34, as a consumer would: every record, header included.</summary>
internal static class PublishedCsv
{
    public static List<string[]> Read(byte[] content)
    {
        using var reader = CsvReader.Create(content, CsvReaderOptions.Default with { HasHeader = false, Separator = ',' });
        var records = new List<string[]>();
        while (reader.Read()) records.Add(reader.Current.ToArray());
        return records;
    }

    public static bool StartsWithBom(byte[] content) => content.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
}
