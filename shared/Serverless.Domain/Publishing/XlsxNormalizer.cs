using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Serverless.Domain.Publishing;

/// <summary>
/// Makes an XLSX package byte-reproducible. MiniExcel 1.46 names workbook relationships with random GUIDs
/// (<c>R4e3e8e19…</c>) and stamps zip entries with the current time, so the same data never gave the same bytes;
/// published files are frozen and compared by hash, so both are replaced with values derived from the input.
/// </summary>
internal static partial class XlsxNormalizer
{
    [GeneratedRegex("R[0-9a-f]{32}", RegexOptions.CultureInvariant)]
    private static partial Regex RandomRelationshipId();

    public static byte[] Normalize(byte[] xlsx, DateTimeOffset timestamp)
    {
        // Zip keeps only a wall-clock time (2-second steps, 1980–2107); the caller's generated-at time is as good as any fixed one.
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(xlsx, writable: false), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                byte[] content;
                using (var read = entry.Open())
                using (var buffer = new MemoryStream())
                {
                    read.CopyTo(buffer);
                    content = buffer.ToArray();
                }
                if (entry.FullName.EndsWith(".xml", StringComparison.Ordinal) || entry.FullName.EndsWith(".rels", StringComparison.Ordinal))
                {
                    var text = Encoding.UTF8.GetString(content);
                    // Same id → same replacement in every part, numbered in order of first use, so references still match.
                    var replaced = RandomRelationshipId().Replace(text, m =>
                    {
                        if (!ids.TryGetValue(m.Value, out var stable))
                        {
                            stable = "R" + (ids.Count + 1).ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
                            ids.Add(m.Value, stable);
                        }
                        return stable;
                    });
                    if (replaced != text) content = Encoding.UTF8.GetBytes(replaced);
                }
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = timestamp;
                using var write = copy.Open();
                write.Write(content);
            }
        }
        return output.ToArray();
    }
}
