namespace Serverless.Functions.Tests.MonthClose;

/// <summary>Blob snapshots are equal when the same names have the same bytes and the same ETags (never rewritten).</summary>
internal sealed class SnapshotComparer : IEqualityComparer<SortedDictionary<string, (byte[] Bytes, string ETag)>>
{
    public static readonly SnapshotComparer Instance = new();

    public bool Equals(SortedDictionary<string, (byte[] Bytes, string ETag)>? x, SortedDictionary<string, (byte[] Bytes, string ETag)>? y) =>
        x is not null && y is not null && x.Count == y.Count
        && x.All(kv => y.TryGetValue(kv.Key, out var other) && other.ETag == kv.Value.ETag && other.Bytes.AsSpan().SequenceEqual(kv.Value.Bytes));

    public int GetHashCode(SortedDictionary<string, (byte[] Bytes, string ETag)> obj) => obj.Count;
}
