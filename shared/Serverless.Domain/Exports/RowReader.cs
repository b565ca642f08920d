using CsvHelper;

namespace Serverless.Domain.Exports;

/// <summary>Validates and keeps the rows of one export kind; one instance reads one file.</summary>
internal abstract class RowReader(ExportColumn[] columns)
{
    private int[] map = [];

    public ExportColumn[] Columns => columns;

    /// <summary>Sets where each of <see cref="Columns"/> is in the file (-1: absent).</summary>
    public virtual void Bind(int[] fieldIndexes) => map = fieldIndexes;

    /// <summary>Reads the current record: keeps it, or logs its first problem.</summary>
    public abstract RowVerdict Read(CsvReader record, long row, RowErrorLog errors);

    /// <summary>Puts what was kept into the result.</summary>
    public abstract ExportReadResult Complete(ExportReadResult result);

    /// <param name="textBytes">The length of the text when known (an uncompressed stream that can tell), else -1.</param>
    public static RowReader For(ExportKind kind, ExportPath path, ExportReadOptions options, long textBytes = -1) => kind switch
    {
        ExportKind.Calls => new CallsRowReader(path.Date, options.ShortCallSeconds, ExpectedCallRows(textBytes)),
        ExportKind.AgentTime => new AgentTimeRowReader(path.Date),
        ExportKind.Quality => new QualityRowReader(path.Date),
        ExportKind.Awards => new AwardsRowReader(path.Date),
        ExportKind.WorkItems => new WorkItemsRowReader(path.Date),
        ExportKind.Roster => new RosterRowReader(),
        ExportKind.Conduct => new ConductRowReader(path.Date),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    // An exported calls row is ~100 bytes: a guess to size the call-id set once, not a bound (the set grows past it).
    private static int ExpectedCallRows(long textBytes) => textBytes <= 0 ? 0 : (int)Math.Min(1 << 26, textBytes / 100);

    /// <summary>The trimmed UTF-8 value of a column; empty when the file has no such column.</summary>
    protected ReadOnlySpan<byte> Field(CsvReader record, int column)
    {
        var index = map[column];
        return index < 0 ? default : Utf8Fields.Trim(record.GetSpan(index));
    }

    protected RowVerdict Bad(CsvReader record, long row, RowErrorLog errors, int column, string reason, ReadOnlySpan<byte> value)
    {
        // A missing value is the first thing an all-empty line fails on; only then is it worth asking.
        if (reason == RowErrorReasons.MissingValue && IsBlank(record))
        {
            return RowVerdict.Blank;
        }
        errors.Add(row, columns[column], reason, value);
        return RowVerdict.Bad;
    }

    protected RowVerdict Missing(CsvReader record, long row, RowErrorLog errors, int column) =>
        Bad(record, row, errors, column, RowErrorReasons.MissingValue, default);

    /// <summary>Reads a required agent id: present and short enough to be a key.</summary>
    protected static string? AgentId(ReadOnlySpan<byte> value) =>
        value.IsEmpty ? RowErrorReasons.MissingValue
        : value.Length > AgentTable<object>.MaxIdBytes ? RowErrorReasons.ValueTooLong
        // Ids become table keys, which cannot hold these: better a reported row than an import that fails on every retry.
        : HasForbidden(value) ? RowErrorReasons.NotAnId
        : null;

    // A byte loop over a table: ids are a few bytes, too short for the vectorised IndexOfAny to pay for its set-up.
    private static bool HasForbidden(ReadOnlySpan<byte> value)
    {
        var forbidden = ForbiddenInIds;
        foreach (var b in value)
        {
            if (forbidden[b] != 0)
            {
                return true;
            }
        }
        return false;
    }

    // 1 for / \ # ? | and the control characters (0-31, 127).
    private static ReadOnlySpan<byte> ForbiddenInIds =>
    [
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary>Reads a required business date, which must be the file's.</summary>
    protected static string? FileDate(ReadOnlySpan<byte> value, DateOnly fileDate) =>
        value.IsEmpty ? RowErrorReasons.MissingValue
        : Utf8Fields.Date(value, out var date) is { } why ? why
        : date != fileDate ? RowErrorReasons.DateNotFileDate
        : null;

    private static bool IsBlank(CsvReader record)
    {
        for (var i = 0; i < record.FieldCount; i++)
        {
            if (!Utf8Fields.Trim(record.GetSpan(i)).IsEmpty)
            {
                return false;
            }
        }
        return true;
    }
}
