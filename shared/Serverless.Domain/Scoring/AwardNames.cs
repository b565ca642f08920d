using Serverless.Domain.Exports;

namespace Serverless.Domain.Scoring;

/// <summary>The names rules files and ledger entries use for award items and levels (as in the awards export).</summary>
public static class AwardNames
{
    private static readonly string[] Items = ["activity", "honour", "good-deed", "training"];
    private static readonly string[] Levels = ["team", "department", "center", "company", "national"];

    /// <summary>How many levels a team-building value list holds (team … national).</summary>
    public static int LevelCount => Levels.Length;

    public static string Of(AwardItem item) => Items[(int)item];

    public static string Of(AwardLevel level) => Levels[(int)level];

    public static bool TryParseItem(string name, out AwardItem item)
    {
        var index = Array.IndexOf(Items, name);
        item = (AwardItem)Math.Max(index, 0);
        return index >= 0;
    }

    public static bool TryParseLevel(string name, out AwardLevel level)
    {
        var index = Array.IndexOf(Levels, name);
        level = (AwardLevel)Math.Max(index, 0);
        return index >= 0;
    }
}
