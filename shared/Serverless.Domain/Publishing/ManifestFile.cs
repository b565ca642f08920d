namespace Serverless.Domain.Publishing;

/// <summary>One file listed in <c>manifest.json</c>: name, size in bytes and SHA-256 (lower-case hex).</summary>
public sealed record ManifestFile(string Name, long Bytes, string Sha256);
