namespace Serverless.Domain.Exports;

/// <summary>One skipped row: its 1-based line number in the file (header = 1), the column, why, and the value (masked for personal columns).</summary>
public sealed record RowError(long Row, string Column, string Reason, string Value);
