using System.Security.Cryptography;

namespace Serverless.Domain.Publishing;

/// <summary>One file of a published month (name such as <c>ranking.csv</c>, its media type and exact bytes).</summary>
public sealed record PublishedFile(string Name, string ContentType, byte[] Content)
{
    /// <summary>SHA-256 of <see cref="Content"/>, lower-case hex, as the manifest lists it.</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Content));
}
