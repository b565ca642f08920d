using System.Diagnostics;
using System.Globalization;
using Serverless.Domain.Exports;

namespace Serverless.Benchmarks.Exports;

/// <summary>
/// <c>reader-quick [rows] [rounds]</c>: a fast check between BenchmarkDotNet runs. Each round reads the same in-memory
/// calls file three ways back to back — (a) newline count, (b) bare CsvHelper scan, (c) ExportReader, then the content hash alone and SHA-256 alone (the former content hash) — so a noisy,
/// shared machine slows all three alike; the best round of each is printed with MB/s and the (c)/(b) ratio.
/// </summary>
public static class ReaderQuick
{
    public const string Mode = "reader-quick";

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        var bench = new ExportReaderBenchmarks { Rows = rows };
        bench.Setup();
        var best = new double[5];
        Array.Fill(best, double.MaxValue);
        long mb = 0, allocated = 0;
        for (var r = 0; r < rounds; r++)
        {
            var w = Stopwatch.StartNew();
            bench.RawFloor();
            best[0] = Math.Min(best[0], w.Elapsed.TotalMilliseconds);
            w.Restart();
            await bench.CsvHelperScan();
            best[1] = Math.Min(best[1], w.Elapsed.TotalMilliseconds);
            var before = GC.GetAllocatedBytesForCurrentThread();
            w.Restart();
            mb = await bench.ExportReaderFull();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            best[2] = Math.Min(best[2], w.Elapsed.TotalMilliseconds);
            w.Restart();
            bench.ContentHashOnly();
            best[3] = Math.Min(best[3], w.Elapsed.TotalMilliseconds);
            w.Restart();
            bench.Sha256Only();
            best[4] = Math.Min(best[4], w.Elapsed.TotalMilliseconds);
        }
        var bytes = bench.FileBytes / 1e6;
        string[] names = ["(a) raw floor", "(b) bare CsvHelper", "(c) ExportReader", "XXH128 hash alone", "SHA-256 alone"];
        for (var i = 0; i < names.Length; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{names[i],-20} best {best[i],8:0.0} ms  {bytes / (best[i] / 1000),8:0} MB/s"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(c)/(b) = {best[1] / best[2]:P0}; accepted rows {mb:N0}; (c) allocated {allocated / 1048576.0:0.0} MiB on its thread"));
        return 0;
    }
}
