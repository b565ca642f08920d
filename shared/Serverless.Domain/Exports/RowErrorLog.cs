using System.Text;

namespace Serverless.Domain.Exports;

/// <summary>Counts every bad row exactly and keeps the first few as <see cref="RowError"/>s, masking personal values.</summary>
internal sealed class RowErrorLog(int maxListed)
{
    private const int MaxValueChars = 100;
    private readonly List<RowError> listed = [];

    public long Count { get; private set; }

    public IReadOnlyList<RowError> Listed => listed;

    public void Add(long row, ExportColumn column, string reason, ReadOnlySpan<byte> value) =>
        Add(row, column.Name, reason, column.Personal ? Mask(value) : Text(value));

    public void Add(long row, string column, string reason, string value)
    {
        Count++;
        if (listed.Count < maxListed)
        {
            listed.Add(new RowError(row, column, reason, value));
        }
    }

    // Personal values are never shown: whether one was there is all a report needs.
    private static string Mask(ReadOnlySpan<byte> value) => value.IsEmpty ? "" : "***";

    private static string Text(ReadOnlySpan<byte> value)
    {
        var text = Encoding.UTF8.GetString(value);
        return text.Length <= MaxValueChars ? text : string.Concat(text.AsSpan(0, MaxValueChars), "…");
    }
}
