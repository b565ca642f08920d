using System.Globalization;

namespace Serverless.Samples;

/// <summary>What synthetic exports to generate: how many agents and days, and the file dialect.</summary>
public sealed record SampleOptions
{
    /// <summary>Agents on the roster, including the few who have left.</summary>
    public int Agents { get; init; } = 200;

    /// <summary>Consecutive calendar days from <see cref="StartDate"/>, weekends included; agents rest about 2 days in 7.</summary>
    public int Days { get; init; } = 30;

    /// <summary>The first business day (Asia/Shanghai) of the tree; also the roster's date.</summary>
    public DateOnly StartDate { get; init; } = new(2026, 10, 1);

    /// <summary>The same options give the same bytes.</summary>
    public int Seed { get; init; } = 95598;

    public int Departments { get; init; } = 11;

    public int Specialties { get; init; } = 10;

    /// <summary>Mean answered calls per worked agent-day (150,000 rows a day over 2,100 agents).</summary>
    public double CallsPerAgentDay { get; init; } = 71;

    /// <summary>Chinese column names and enum values (已接听, 满意, 在岗 …) instead of English.</summary>
    public bool ChineseHeaders { get; init; }

    /// <summary>GB18030 bytes, as Chinese Excel saves them, instead of UTF-8.</summary>
    public bool Gb18030 { get; init; }

    /// <summary>Gzip the CSV (<c>.csv.gz</c>).</summary>
    public bool Gzip { get; init; }

    /// <summary>The sender, the file name in <c>exports/{kind}/{day}/{source}.csv</c>.</summary>
    public string Source { get; init; } = "north-center";

    /// <summary>The largest roster the <c>A000000</c> id form can name.</summary>
    public const int MaxAgents = 999_999;

    /// <summary>Says what is wrong with these options, or returns null when they can be generated.</summary>
    public string? FindProblem()
    {
        if (Agents is < 1 or > MaxAgents)
        {
            return string.Create(CultureInfo.InvariantCulture, $"agents must be 1-{MaxAgents:N0}, not {Agents}.");
        }
        if (Days is < 1 or > 3660)
        {
            return string.Create(CultureInfo.InvariantCulture, $"days must be 1-3660, not {Days}.");
        }
        if (Departments is < 1 or > 99)
        {
            return string.Create(CultureInfo.InvariantCulture, $"departments must be 1-99, not {Departments}.");
        }
        if (Specialties is < 1 or > 99)
        {
            return string.Create(CultureInfo.InvariantCulture, $"specialties must be 1-99, not {Specialties}.");
        }
        // An agent lays calls end to end within a 14-hour business day, so a few hundred is the physical ceiling.
        if (!(CallsPerAgentDay > 0 && CallsPerAgentDay <= 500))
        {
            return string.Create(CultureInfo.InvariantCulture, $"calls per agent-day must be above 0 and at most 500, not {CallsPerAgentDay}.");
        }
        // Same rule as the blob path reader, so every file written here can be imported.
        if (string.IsNullOrEmpty(Source) || Source.Length > 64 || !Source.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return $"source '{Source}' must be 1-64 letters, digits, '-' or '_'.";
        }
        return null;
    }

    internal void ThrowIfInvalid()
    {
        if (FindProblem() is { } problem)
        {
            throw new ArgumentException(problem, "options");
        }
    }
}
