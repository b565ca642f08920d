namespace Serverless.Domain.Exports;

/// <summary>What a row reader made of one record.</summary>
internal enum RowVerdict
{
    Accepted,
    /// <summary>Skipped and logged as a <see cref="RowError"/>.</summary>
    Bad,
    /// <summary>Every field empty (spreadsheets save trailing <c>,,,</c> lines): not a data row at all.</summary>
    Blank,
}
