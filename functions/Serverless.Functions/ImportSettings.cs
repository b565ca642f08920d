using Serverless.Domain.Exports;

namespace Serverless.Functions;

/// <summary>Import settings (section <c>Import</c>, e.g. <c>Import__MaxBadRowShare</c>).</summary>
public sealed class ImportSettings
{
    [System.ComponentModel.DataAnnotations.Range(0.0, 1.0)]
    public double MaxBadRowShare { get; set; } = 0.01;

    [System.ComponentModel.DataAnnotations.Range(1L, long.MaxValue)]
    public long MaxDecompressedBytes { get; set; } = 2L << 30;

    [System.ComponentModel.DataAnnotations.Range(1.0, 100000.0)]
    public double MaxCompressionRatio { get; set; } = 200;

    public ExportReadOptions ToReadOptions() => new()
    {
        MaxBadRowShare = MaxBadRowShare,
        MaxDecompressedBytes = MaxDecompressedBytes,
        MaxCompressionRatio = MaxCompressionRatio,
    };
}
