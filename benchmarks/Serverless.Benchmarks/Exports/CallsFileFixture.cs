using Serverless.Samples;

namespace Serverless.Benchmarks.Exports;

/// <summary>The generated <c>calls</c> files the export benchmarks read: the same options give the same bytes.</summary>
public static class CallsFileFixture
{
    public static readonly DateOnly Day = new(2026, 10, 8);

    /// <summary>2,100 agents: a national center's day spread over its roster.</summary>
    public static SampleOptions Options(int agents = 2100) => new() { Agents = agents, StartDate = Day, Days = 1 };

    public static byte[] Generate(long rows, int agents = 2100)
    {
        using var output = new MemoryStream();
        SampleGenerator.WriteCallsRows(output, Options(agents), Day, rows);
        return output.ToArray();
    }

    /// <summary>Writes the file once per row count to the temp folder (reused by later runs), for the fresh-process modes.</summary>
    public static string File(long rows, int agents = 2100, DateOnly? day = null)
    {
        var date = day ?? Day;
        var path = Path.Combine(Path.GetTempPath(), $"serverless-bench-calls-{rows}-{agents}-{date:yyyyMMdd}.csv");
        if (!System.IO.File.Exists(path))
        {
            var partial = path + ".partial";
            using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                SampleGenerator.WriteCallsRows(output, Options(agents) with { StartDate = date }, date, rows);
            }
            System.IO.File.Move(partial, path, overwrite: true);
        }
        return path;
    }
}
