namespace Serverless.Application.Ports;

/// <summary>The import whose bytes count for a kind and day: the one a later identical file is a duplicate of.</summary>
public sealed record ContentHolder(string ImportId, string Source, string BlobName);
