using System.Globalization;

namespace Serverless.MainJob;

/// <summary>What the main job runs: how many agents, which month, where the published files are copied.</summary>
public sealed record MainJobOptions
{
    public int Agents { get; init; } = 200;

    public string OutputDirectory { get; init; } = "artifacts/main-job";

    /// <summary>Take exports from this folder (laid out as <c>{kind}/{yyyy-MM-dd}/{source}.csv</c>) instead of generating them.</summary>
    public string? ExportsDirectory { get; init; }

    public string Configuration { get; init; } = "Release";

    public const string Usage = """
        Usage: main-job [--agents N] [--exports DIR] [--out DIR]
          --agents N     agents to generate for the last complete month (Asia/Shanghai), the one the monthly timer closes (default 200)
          --exports DIR  drop these exports instead of generating ({kind}/{yyyy-MM-dd}/{source}.csv[.gz])
          --out DIR      where published files are copied (default artifacts/main-job)
        """;

    public static MainJobOptions Parse(IReadOnlyList<string> args)
    {
        var options = new MainJobOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--agents" => options with { Agents = int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 100_000 ? n : throw new ArgumentException("--agents needs a number from 1 to 100000.") },
                "--exports" => options with { ExportsDirectory = Next() },
                "--out" => options with { OutputDirectory = Next() },
                "--configuration" => options with { Configuration = Next() },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }
        return options;
    }
}
