using System.Globalization;
using Serverless.Domain.Exports;

namespace Serverless.Samples;

/// <summary>Builds the synthetic roster (花名册) and each agent's habits from the options' seed.</summary>
internal static class SampleRoster
{
    /// <summary>A team (班组) holds about this many agents, as on a real floor.</summary>
    private const int TeamSize = 12;

    /// <summary>A department serves a few specialties, so peer groups (department + specialty) have members.</summary>
    private const int SpecialtiesPerDepartment = 3;

    /// <summary>Share of the roster who have left (离职) and so never appear in the day files.</summary>
    private const double LeftRate = 0.02;

    private static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
        "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    ];

    private static readonly string[] GivenCharacters =
    [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
        "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玲", "红", "鹏", "辉", "婷", "雪",
        "琳", "晨", "欣", "宇", "浩", "佳", "悦", "思", "文", "博",
    ];

    private static readonly int[] ShiftStartHours = [8, 9, 10, 12, 14];

    public static IReadOnlyList<AgentProfile> Build(SampleOptions options)
    {
        options.ThrowIfInvalid();
        var rng = SampleRandom.For(options.Seed, SampleStream.Roster);
        var perDepartment = new int[options.Departments];
        var profiles = new AgentProfile[options.Agents];
        for (var i = 0; i < options.Agents; i++)
        {
            var department = rng.Next(options.Departments);
            var team = (perDepartment[department]++ / TeamSize) + 1;
            var specialty = (department + rng.Next(Math.Min(SpecialtiesPerDepartment, options.Specialties))) % options.Specialties;
            var agent = new SampleAgent(
                AgentId: AgentId(i),
                Name: Name(rng),
                Department: Department(department),
                Specialty: string.Create(CultureInfo.InvariantCulture, $"spec-{specialty + 1:D2}"),
                Team: string.Create(CultureInfo.InvariantCulture, $"{Department(department)}-t{team}"),
                HireDate: options.StartDate.AddDays(-rng.Between(30, 4000)),
                Status: rng.Chance(LeftRate) ? RosterStatus.Left : RosterStatus.Active);
            profiles[i] = Habits(options.Seed, i, agent);
        }
        return profiles;
    }

    public static string AgentId(int index) => string.Create(CultureInfo.InvariantCulture, $"A{index + 1:D6}");

    private static string Department(int index) => string.Create(CultureInfo.InvariantCulture, $"dept-{index + 1:D2}");

    private static string Name(SampleRandom rng)
    {
        var surname = rng.Pick(Surnames);
        var given = rng.Pick(GivenCharacters);
        // Most Chinese given names are two characters; a third of them one.
        return rng.Chance(0.65) ? surname + given + rng.Pick(GivenCharacters) : surname + given;
    }

    // Habits come from their own stream so adding a roster column never reshuffles everyone's calls.
    private static AgentProfile Habits(int seed, int index, SampleAgent agent)
    {
        var rng = SampleRandom.For(seed, SampleStream.Profile, index);
        // Skill spreads AHT around 300 s; faster agents also take a few more calls, as a real queue gives them.
        var skill = Math.Clamp(rng.LogNormalWithMean(1.0, 0.18), 0.6, 1.8);
        return new AgentProfile(
            Index: index,
            Agent: agent,
            AhtSeconds: 300 * skill,
            VolumeFactor: Math.Clamp(rng.LogNormalWithMean(1.0, 0.08) / Math.Sqrt(skill), 0.6, 1.5),
            PushRate: rng.Between(0.93, 0.99),
            SurveyAnswerRate: rng.Between(0.33, 0.47),
            SatisfiedRate: rng.Between(0.98, 0.998),
            TransferRate: rng.Between(0.01, 0.05),
            HelpRate: rng.Between(0.0, 0.01),
            // Most agents sign in for nearly the whole shift; a few are often short.
            LowSignInRate: rng.Chance(0.1) ? rng.Between(0.1, 0.3) : rng.Between(0.0, 0.03),
            ShiftStartHour: rng.Pick(ShiftStartHours),
            RestOffset: rng.Next(7));
    }
}
