namespace Serverless.Domain.Exports;

/// <summary>Why a whole export is rejected, as <see cref="ExportReadResult.RejectionReason"/> says it (formats take invariant-culture arguments).</summary>
public static class RejectionReasons
{
    public const string EmptyFile = "empty file";
    public const string NotText = "the file is neither UTF-8 nor GB18030 text; save it again as CSV UTF-8";
    public const string NotGzip = "the file is not valid gzip; upload the .csv.gz exactly as compressed, or the plain .csv";
    public const string GzipTruncated = "the gzip data ends early (an upload cut short?) or is not one gzip stream; upload the .csv.gz again, compressed as one file";
    /// <summary>{0} = the byte bound.</summary>
    public const string InflatesTooLarge = "the gzip file inflates past {0} bytes (a gzip bomb or an export far too large); split it by day and source";
    /// <summary>{0} = the ratio bound.</summary>
    public const string InflatesTooMuch = "the gzip file inflates more than {0} times its size (a gzip bomb); export it again";
    /// <summary>{0} = the 1-based record number, {1} = the byte bound.</summary>
    public const string LineTooLong = "record {0} is longer than {1} bytes (a missing line break or an unclosed quote); the file is broken, export it again";
    /// <summary>{0} = missing columns, {1} = headers seen.</summary>
    public const string MissingColumns = "missing required columns: {0}; headers seen: {1}";
    /// <summary>{0} = bad rows, {1} = data rows, {2} = the bad share, {3} = the allowed share.</summary>
    public const string TooManyBadRows = "too many bad rows: {0} of {1} ({2:0.##%}) exceed the allowed {3:0.##%}; nothing from this file is used";
}
