namespace Serverless.Domain.Publishing;

/// <summary>The manifest's summary of <c>diff.csv</c>: against which version, how many agents changed, and the change in total bonus.</summary>
public sealed record ManifestDiff(int PreviousVersion, int ChangedCount, int AddedCount, int RemovedCount, decimal AmountDelta);
