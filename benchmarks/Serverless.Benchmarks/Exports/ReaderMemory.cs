using System.Diagnostics;
using Serverless.Domain.Exports;

namespace Serverless.Benchmarks.Exports;

/// <summary>
/// <c>reader-memory</c>: the full read of a 100k-row and a 1M-row calls file, each in a fresh process reading the
/// file from disk, reporting peak working set and GC heap figures — the reader streams when 1M stays within 1.5× of 100k.
/// </summary>
public static class ReaderMemory
{
    public const string Mode = "reader-memory";
    private const string ChildMode = "reader-memory-child";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args[0] == ChildMode)
        {
            return await ChildAsync(args[1]);
        }
        var peaks = new Dictionary<long, long>();
        foreach (var rows in new long[] { 100_000, 1_000_000 })
        {
            var file = CallsFileFixture.File(rows);
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(ReaderMemory).Assembly.Location);
            start.ArgumentList.Add(ChildMode);
            start.ArgumentList.Add(file);
            using var child = Process.Start(start)!;
            var output = await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync();
            Console.Write($"{rows,9:N0} rows, {new FileInfo(file).Length / 1e6,6:0.0} MB: {output}");
            peaks[rows] = long.Parse(output.Split("peakWorkingSet=")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        Console.WriteLine($"peak working set 1M / 100k = {(double)peaks[1_000_000] / peaks[100_000]:0.00} (target ≤ 1.50)");
        return 0;
    }

    private static async Task<int> ChildAsync(string file)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var watch = Stopwatch.StartNew();
        var result = await ExportReader.ReadAsync(stream, new ExportPath(ExportKind.Calls, CallsFileFixture.Day, "bench", false), new ExportReadOptions(), CancellationToken.None);
        watch.Stop();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        // GC.GetGCMemoryInfo describes the last collection, and a read may finish without one (it printed 0 then):
        // the heap in use and the collections run are read directly instead.
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"peakWorkingSet={self.PeakWorkingSet64} ({self.PeakWorkingSet64 / 1048576.0:0.0} MiB) gcHeapInUse={GC.GetTotalMemory(forceFullCollection: false) / 1048576.0:0.0} MiB allocated={GC.GetTotalAllocatedBytes() / 1048576.0:0.0} MiB gcs={GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} rows={result.AcceptedRows} agents={result.Metrics.Count} {watch.Elapsed.TotalMilliseconds:0} ms"));
        return 0;
    }
}
