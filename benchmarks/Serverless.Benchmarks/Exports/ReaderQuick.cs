using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Serverless.Benchmarks.Exports;

/// <summary>
/// <c>reader-quick [rows] [rounds]</c>: a fast check between BenchmarkDotNet runs. Each round reads the same in-memory
/// calls file three ways back to back — (a) newline count, (b) bare CsvHelper scan, (c) ExportReader, then the content
/// hash alone and SHA-256 alone (the former content hash) — so a noisy, shared machine slows all alike; the best round of
/// each is printed with MB/s and the (c)/(b) ratio, by wall clock and by the process's CPU time (which a neighbour
/// taking the core away does not inflate; it includes any other thread of the process, of which (c) starts none).
/// </summary>
public static partial class ReaderQuick
{
    public const string Mode = "reader-quick";

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        var bench = new ExportReaderBenchmarks { Rows = rows };
        bench.Setup();
        Func<Task>[] runs =
        [
            () => { bench.RawFloor(); return Task.CompletedTask; },
            () => bench.CsvHelperScan(),
            () => bench.ExportReaderFull(),
            () => { bench.ContentHashOnly(); return Task.CompletedTask; },
            () => { bench.Sha256Only(); return Task.CompletedTask; },
        ];
        var wall = new double[runs.Length];
        var cpu = new double[runs.Length];
        Array.Fill(wall, double.MaxValue);
        Array.Fill(cpu, double.MaxValue);
        long allocated = 0;
        for (var r = 0; r < rounds; r++)
        {
            for (var i = 0; i < runs.Length; i++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var cpuBefore = CpuTime();
                var w = Stopwatch.StartNew();
                await runs[i]();
                var elapsed = w.Elapsed.TotalMilliseconds;
                cpu[i] = Math.Min(cpu[i], (CpuTime() - cpuBefore).TotalMilliseconds);
                wall[i] = Math.Min(wall[i], elapsed);
                if (i == 2)
                {
                    allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                }
            }
        }
        var accepted = await bench.ExportReaderFull();
        var bytes = bench.FileBytes / 1e6;
        string[] names = ["(a) raw floor", "(b) bare CsvHelper", "(c) ExportReader", "XXH128 hash alone", "SHA-256 alone"];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"",-20} {"best wall",10} {"MB/s",7}   {"best CPU",10} {"MB/s",7}"));
        for (var i = 0; i < names.Length; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{names[i],-20} {wall[i],7:0.0} ms {bytes / (wall[i] / 1000),7:0}   {cpu[i],7:0.0} ms {bytes / (cpu[i] / 1000),7:0}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(c)/(b) = {wall[1] / wall[2]:P0} by wall clock, {cpu[1] / cpu[2]:P0} by CPU time; accepted rows {accepted:N0}; (c) allocated {allocated / 1048576.0:0.0} MiB on its thread"));
        return 0;
    }

    // Process.TotalProcessorTime moves in 10 ms steps on Linux; CLOCK_PROCESS_CPUTIME_ID counts nanoseconds.
    private static TimeSpan CpuTime()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(2, out var now) == 0)
        {
            return TimeSpan.FromTicks((now.Seconds * TimeSpan.TicksPerSecond) + (now.Nanoseconds / 100));
        }
        return Process.GetCurrentProcess().TotalProcessorTime;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
