namespace Serverless.Samples;

/// <summary>One file the tree writer produced: its path relative to the root (forward slashes) and its data rows.</summary>
internal sealed record SampleFile(string RelativePath, long Rows, long Bytes);
