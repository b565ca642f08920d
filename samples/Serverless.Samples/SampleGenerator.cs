using Serverless.Domain.Exports;

namespace Serverless.Samples;

/// <summary>
/// Writes synthetic exports in the format of EXPORTS.md: deterministic for the same options,
/// realistic in shape (AHT near 300 s, two rest days a week, surveys, inspections), never real people or numbers.
/// </summary>
public static class SampleGenerator
{
    /// <summary>The day's <c>calls</c> file to <paramref name="output"/> (left open); returns the data rows written.</summary>
    public static long WriteCalls(Stream output, SampleOptions options, DateOnly day) =>
        Write(output, options, (csv, agents) => CallsFile.Write(csv, options, agents, day));

    /// <summary>The day's <c>agent-time</c> file: every active agent, rest days with a zero schedule.</summary>
    public static long WriteAgentTime(Stream output, SampleOptions options, DateOnly day) =>
        Write(output, options, (csv, agents) => AgentTimeFile.Write(csv, options, agents, day));

    /// <summary>The day's <c>quality</c> file: about 3 % of that day's calls, by call id.</summary>
    public static long WriteQuality(Stream output, SampleOptions options, DateOnly day) =>
        Write(output, options, (csv, agents) => QualityFile.Write(csv, options, agents, day));

    /// <summary>The day's <c>awards</c> file: a few items, mostly team or department level.</summary>
    public static long WriteAwards(Stream output, SampleOptions options, DateOnly day) =>
        Write(output, options, (csv, agents) => AwardsFile.Write(csv, options, agents, day));

    /// <summary>The <c>roster</c> file: all agents, including the few who have left.</summary>
    public static long WriteRoster(Stream output, SampleOptions options) =>
        Write(output, options, (csv, agents) => RosterFile.Write(csv, options, agents));

    /// <summary>A <c>calls</c> file of exactly <paramref name="rows"/> data rows, agents cycling (for parser benchmarks).</summary>
    public static long WriteCallsRows(Stream output, SampleOptions options, DateOnly day, long rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        return Write(output, options, (csv, agents) => CallsFile.WriteRows(csv, options, agents, day, rows));
    }

    /// <summary>The roster as data, in agent id order.</summary>
    public static IReadOnlyList<SampleAgent> Agents(SampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return [.. SampleRoster.Build(options).Select(p => p.Agent)];
    }

    /// <summary>
    /// Writes <c>roster/{StartDate}/{source}.csv</c> then, for each day, calls, agent-time, quality and awards
    /// under <paramref name="root"/>; returns the relative paths written (forward slashes), roster first.
    /// </summary>
    public static IReadOnlyList<string> WriteTree(string root, SampleOptions options, IProgress<string>? progress = null) =>
        [.. WriteTreeFiles(root, options, file => progress?.Report(file.RelativePath)).Select(f => f.RelativePath)];

    /// <summary>The tree writer with rows and bytes per file, for the console's summary.</summary>
    internal static IReadOnlyList<SampleFile> WriteTreeFiles(string root, SampleOptions options, Action<SampleFile>? written)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(options);
        var agents = SampleRoster.Build(options);
        var files = new List<SampleFile>(1 + (options.Days * 4));

        void Emit(ExportKind kind, DateOnly day, Action<CsvRowWriter> write)
        {
            var relative = new ExportPath(kind, day, options.Source, options.Gzip).BlobName;
            var full = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            long rows;
            using (var stream = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                rows = WriteTo(stream, options, write);
            }
            var file = new SampleFile(relative, rows, new FileInfo(full).Length);
            files.Add(file);
            written?.Invoke(file);
        }

        Emit(ExportKind.Roster, options.StartDate, csv => RosterFile.Write(csv, options, agents));
        for (var d = 0; d < options.Days; d++)
        {
            var day = options.StartDate.AddDays(d);
            Emit(ExportKind.Calls, day, csv => CallsFile.Write(csv, options, agents, day));
            Emit(ExportKind.AgentTime, day, csv => AgentTimeFile.Write(csv, options, agents, day));
            Emit(ExportKind.Quality, day, csv => QualityFile.Write(csv, options, agents, day));
            Emit(ExportKind.Awards, day, csv => AwardsFile.Write(csv, options, agents, day));
        }
        return files;
    }

    private static long Write(Stream output, SampleOptions options, Action<CsvRowWriter, IReadOnlyList<AgentProfile>> write)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        var agents = SampleRoster.Build(options);
        return WriteTo(output, options, csv => write(csv, agents));
    }

    private static long WriteTo(Stream output, SampleOptions options, Action<CsvRowWriter> write)
    {
        using var csv = CsvRowWriter.Open(output, options);
        write(csv);
        return csv.Rows;
    }
}
