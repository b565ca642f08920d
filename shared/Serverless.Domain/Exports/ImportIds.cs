using System.Security.Cryptography;
using System.Text;

namespace Serverless.Domain.Exports;

/// <summary>How an import is named.</summary>
public static class ImportIds
{
    /// <summary>
    /// The id of an import of <paramref name="contentHash"/>'s bytes at <paramref name="path"/>'s kind, day and source:
    /// every import has its own id, and the same bytes at the same place always get the same one (a redelivered event, or
    /// a file put back after a correction, finds its earlier status row). The same bytes under another source name get
    /// another id; they are recognised as a duplicate by their content hash, not by their id.
    /// </summary>
    public static string For(ExportPath path, string contentHash)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Of(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{path.Kind.ToPathName()}/{path.Date:yyyy-MM-dd}/{path.Source}|{contentHash}"));
    }

    /// <summary>An id of the same form (24 lower-case hex digits) for any other text (an ETag, a benchmark's name).</summary>
    public static string Of(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];
}
