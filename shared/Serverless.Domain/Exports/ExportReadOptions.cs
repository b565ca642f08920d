namespace Serverless.Domain.Exports;

/// <summary>Limits and thresholds the reader applies to one export.</summary>
public sealed record ExportReadOptions
{
    /// <summary>A file whose bad rows exceed this share of its data rows is rejected whole (maxBadRowShare).</summary>
    public double MaxBadRowShare { get; init; } = 0.01;

    /// <summary>A gzip file that inflates past this many bytes is rejected (a gzip bomb).</summary>
    public long MaxDecompressedBytes { get; init; } = 2L << 30;

    /// <summary>A gzip file that inflates past this many times its own size is rejected.</summary>
    public double MaxCompressionRatio { get; init; } = 200;

    /// <summary>Calls shorter than this count as short calls (the rules' <c>shortCallSeconds</c>).</summary>
    public int ShortCallSeconds { get; init; } = 10;

    /// <summary>A single line longer than this is a broken file, not a row.</summary>
    public int MaxLineBytes { get; init; } = 1 << 20;

    /// <summary>Row errors kept in the result (the counts stay exact past it).</summary>
    public int MaxRowErrorsListed { get; init; } = 1000;
}
