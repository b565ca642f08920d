using System.Diagnostics;
using System.Globalization;
using System.Text;
using CsvHelper;
using Serverless.Domain.Exports;

namespace Serverless.Benchmarks.Exports;

/// <summary>
/// <c>reader-callers [rows] [rounds]</c>: what the repeat-call hashing costs the calls reader. Each round reads, back to
/// back, (b) the bare CsvHelper scan, (c) the ExportReader on the generated file (every row has a caller number: one
/// keyed hash per row) and (c−) the ExportReader on the same bytes with the header's <c>caller</c> renamed to
/// <c>callex</c> — an unknown column, so the reader skips the numbers and hashes nothing, over exactly the same bytes
/// and CsvHelper work. Prints median and best of each by wall clock and process CPU time, MB/s, (c)/(c−), and (c)/(b)
/// against the reader's targets (≥ 250 MB/s on one core; (c) within 2 × (b)).
/// </summary>
public static class ReaderCallers
{
    public const string Mode = "reader-callers";

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 9;
        var withCallers = CallsFileFixture.Generate(rows);
        var withoutCallers = WithoutCallerColumn(withCallers);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// calls file: {rows:N0} rows, {withCallers.Length / 1e6:0.0} MB, {rounds} rounds"));
        Func<Task<long>>[] runs =
        [
            () => Scan(withCallers),
            () => Read(withCallers),
            () => Read(withoutCallers),
        ];
        var wall = runs.Select(_ => new List<double>()).ToArray();
        var cpu = runs.Select(_ => new List<double>()).ToArray();
        var accepted = new long[runs.Length];
        for (var r = 0; r < rounds; r++)
        {
            // Alternate the two reads' order each round, so neither always runs right after the scan.
            int[] order = r % 2 == 0 ? [0, 1, 2] : [0, 2, 1];
            foreach (var i in order)
            {
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var w = Stopwatch.StartNew();
                accepted[i] = await runs[i]();
                wall[i].Add(w.Elapsed.TotalMilliseconds);
                cpu[i].Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds);
            }
        }
        var mb = withCallers.Length / 1e6;
        string[] names = ["(b) bare CsvHelper", "(c) reader, callers", "(c-) reader, none"];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"",-22} {"median wall",12} {"best wall",10} {"MB/s",6}   {"median CPU",11} {"best CPU",9}"));
        for (var i = 0; i < runs.Length; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{names[i],-22} {Median(wall[i]),9:0.0} ms {wall[i].Min(),7:0.0} ms {mb / (Median(wall[i]) / 1000),6:0}   {Median(cpu[i]),8:0} ms {cpu[i].Min(),6:0} ms"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(c)/(c-) = {Median(wall[1]) / Median(wall[2]):0.000} by median wall, {wall[1].Min() / wall[2].Min():0.000} by best wall, {Median(cpu[1]) / Median(cpu[2]):0.000} by median CPU"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(c)/(b) = {Median(wall[0]) / Median(wall[1]):P0} by median wall (target ≥ 50 %); (c) {mb / (Median(wall[1]) / 1000):0} MB/s (target ≥ 250); rows accepted {accepted[1]:N0} / {accepted[2]:N0}"));
        return 0;
    }

    /// <summary>The same bytes with the header's <c>caller</c> column renamed, so the reader ignores the numbers.</summary>
    private static byte[] WithoutCallerColumn(byte[] file)
    {
        var copy = (byte[])file.Clone();
        var headerEnd = Array.IndexOf(copy, (byte)'\n');
        var header = Encoding.UTF8.GetString(copy, 0, headerEnd);
        var at = header.IndexOf("caller", StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException($"The generated calls file has no caller column: {header}");
        Encoding.ASCII.GetBytes("callex").CopyTo(copy, Encoding.UTF8.GetByteCount(header[..at]));
        return copy;
    }

    private static async Task<long> Read(byte[] file)
    {
        using var stream = new MemoryStream(file, writable: false);
        var result = await ExportReader.ReadAsync(stream, new ExportPath(ExportKind.Calls, CallsFileFixture.Day, "bench", false), new ExportReadOptions(), CancellationToken.None);
        return result.AcceptedRows;
    }

    private static async Task<long> Scan(byte[] file)
    {
        using var stream = new MemoryStream(file, writable: false);
        await using var reader = CsvReader.Create(stream, CsvReaderOptions.Default, leaveOpen: true);
        await reader.ReadHeaderAsync(CancellationToken.None);
        long touched = 0;
        while (await reader.ReadAsync(CancellationToken.None))
        {
            for (var i = 0; i < reader.FieldCount; i++) touched += reader.GetSpan(i).Length;
        }
        return touched;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
