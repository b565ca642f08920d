using BenchmarkDotNet.Attributes;
using CsvHelper;
using Serverless.Domain.Exports;

namespace Serverless.Benchmarks.Exports;

/// <summary>
/// One 1,000,000-row <c>calls</c> file (~120 MB) read three ways in one run: the raw floor (read the bytes, count
/// line breaks), a bare CsvHelper 34 scan touching every field, and our full read (hash, sniff, parse, validate,
/// dedupe call ids, aggregate per agent), with the content hash (XXH128) and, for comparison, SHA-256 alone. MB/s = file bytes / mean (printed at setup).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class ExportReaderBenchmarks
{
    private byte[] _file = [];
    private readonly byte[] _buffer = new byte[1 << 16];

    /// <summary>The generated file's size in bytes.</summary>
    public long FileBytes => _file.Length;

    [Params(1_000_000)]
    public long Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _file = CallsFileFixture.Generate(Rows);
        Console.WriteLine($"// calls file: {Rows:N0} rows, {_file.Length:N0} bytes ({_file.Length / 1e6:0.0} MB)");
    }

    [Benchmark(Baseline = true, Description = "raw floor: read + count newlines")]
    public long RawFloor()
    {
        using var stream = new MemoryStream(_file, writable: false);
        long lines = 0;
        int n;
        while ((n = stream.Read(_buffer)) > 0)
        {
            lines += _buffer.AsSpan(0, n).Count((byte)'\n');
        }
        return lines;
    }

    [Benchmark(Description = "XXH128 content hash of the bytes alone (part of c)")]
    public int ContentHashOnly()
    {
        using var stream = new MemoryStream(_file, writable: false);
        var hash = new System.IO.Hashing.XxHash128();
        int n;
        while ((n = stream.Read(_buffer)) > 0)
        {
            hash.Append(_buffer.AsSpan(0, n));
        }
        return hash.GetCurrentHash()[0];
    }

    /// <summary>What the content hash cost before it became XXH128 (for comparison; no longer part of c).</summary>
    [Benchmark(Description = "SHA-256 of the bytes alone (the former content hash)")]
    public int Sha256Only()
    {
        using var stream = new MemoryStream(_file, writable: false);
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        int n;
        while ((n = stream.Read(_buffer)) > 0)
        {
            hash.AppendData(_buffer.AsSpan(0, n));
        }
        return hash.GetCurrentHash()[0];
    }

    [Benchmark(Description = "bare CsvHelper 34 scan, every field")]
    public async Task<long> CsvHelperScan()
    {
        using var stream = new MemoryStream(_file, writable: false);
        await using var reader = CsvReader.Create(stream, CsvReaderOptions.Default, leaveOpen: true);
        await reader.ReadHeaderAsync(CancellationToken.None);
        long touched = 0;
        while (await reader.ReadAsync(CancellationToken.None))
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                touched += reader.GetSpan(i).Length;
            }
        }
        return touched;
    }

    [Benchmark(Description = "ExportReader: parse + validate + aggregate")]
    public async Task<long> ExportReaderFull()
    {
        using var stream = new MemoryStream(_file, writable: false);
        var result = await ExportReader.ReadAsync(stream, new ExportPath(ExportKind.Calls, CallsFileFixture.Day, "bench", false), new ExportReadOptions(), CancellationToken.None);
        return result.AcceptedRows;
    }
}
