using Serverless.Domain.Exports;

namespace Serverless.Samples;

/// <summary>The <c>awards</c> export: a few team-building items (团队建设) a day, mostly at team or department level.</summary>
internal static class AwardsFile
{
    // Cumulative weights, lowest level first: team- and department-level items are the everyday ones.
    private static readonly double[] LevelWeights = [0.55, 0.85, 0.95, 0.99, 1.0];
    private static readonly double[] ItemWeights = [0.45, 0.55, 0.75, 1.0];

    // Notes in both languages; some carry a comma or quotes, as free text typed into Excel does.
    private static readonly string[][] EnglishNotes =
    [
        ["team reading circle", "department sports day", "volunteer service, Lei Feng day", "knowledge contest"],
        ["\"service star\" of the month", "model agent of the quarter", "excellent trainee"],
        ["helped an elderly caller restore power after hours", "returned a lost wallet", "covered a colleague's shift"],
        ["tariff, billing and meter training", "new-policy briefing", "dialect listening course"],
    ];

    private static readonly string[][] ChineseNotes =
    [
        ["班组读书分享会", "部门趣味运动会", "青年志愿服务，学雷锋日", "业务知识竞赛"],
        ["月度\"服务之星\"", "季度优秀坐席", "优秀学员"],
        ["下班后协助独居老人恢复供电", "拾金不昧", "主动替同事顶班"],
        ["电费电价、计量业务培训", "新政策宣贯", "方言听辨培训"],
    ];

    public static void Write(CsvRowWriter csv, SampleOptions options, IReadOnlyList<AgentProfile> agents, DateOnly day)
    {
        var words = ExportVocabulary.For(options);
        var notes = options.ChineseHeaders ? ChineseNotes : EnglishNotes;
        csv.Header(words.AwardsHeader);
        var active = agents.Where(a => a.IsActive).ToArray();
        if (active.Length == 0)
        {
            return;
        }
        var rng = SampleRandom.For(options.Seed, SampleStream.Awards, day.DayNumber);
        var count = rng.Count(1 + (active.Length / 80.0));
        for (var i = 0; i < count; i++)
        {
            var agent = rng.Pick(active);
            var item = (AwardItem)Weighted(rng, ItemWeights);
            var level = (AwardLevel)Weighted(rng, LevelWeights);
            csv.Field(agent.Agent.AgentId);
            csv.Field(day);
            csv.Field(words.Item(item));
            csv.Field(words.Level(level));
            csv.Field(rng.Pick(notes[(int)item]));
            csv.EndRow();
        }
    }

    private static int Weighted(SampleRandom rng, double[] cumulative)
    {
        var x = rng.NextDouble();
        var i = 0;
        while (i < cumulative.Length - 1 && x >= cumulative[i])
        {
            i++;
        }
        return i;
    }
}
