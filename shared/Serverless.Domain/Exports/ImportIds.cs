using System.Security.Cryptography;

namespace Serverless.Domain.Exports;

/// <summary>How an import is named: from the content hash of its bytes.</summary>
public static class ImportIds
{
    /// <summary>Import ids come from the content hash, so the same bytes are recognised whatever the blob is called; any
    /// other text (an ETag) is hashed to an id of the same form.</summary>
    public static string Of(string contentHashOrText) =>
        contentHashOrText.StartsWith(ContentHashPrefix, StringComparison.Ordinal) && contentHashOrText.Length == ContentHashPrefix.Length + 32
            ? contentHashOrText.Substring(ContentHashPrefix.Length, 24)
            : Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(contentHashOrText)))[..24];

    private const string ContentHashPrefix = HashingStream.Algorithm + ":";
}
