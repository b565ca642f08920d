using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;

namespace Serverless.Domain.Tests.Publishing;

/// <summary>The worked example: 20 eligible agents in three departments plus two who must not be ranked.</summary>
internal static class MonthCloseRoster
{
    public const string Hyperlink = "=HYPERLINK(\"http://x\",\"y\")";
    public const string Complaints = "投诉/咨询[中心]";

    public static readonly IReadOnlyList<BonusTier> Tiers =
        [new("A", 0.05m, 1000m), new("B", 0.10m, 600m), new("C", 0.15m, 300m)];

    public static readonly IReadOnlyList<StarThreshold> Stars =
        [new(1, 200m), new(2, 500m), new(3, 1000m), new(4, 1800m), new(5, 3000m)];

    public static readonly PublicationMetadata V1 =
        new(new YearMonth(2026, 10), 1, "positive-incentive@2026-01", new DateTimeOffset(2026, 11, 1, 2, 0, 0, TimeSpan.FromHours(8)));

    public static AgentMonthStanding Agent(
        string id, string name, string department, decimal points, decimal workQuality = 0m, double? efficiency = null,
        decimal before = 0m, int previousStars = 0, bool active = true, int scheduledDays = 20, DateOnly? hired = null) => new()
    {
        AgentId = id,
        Name = name,
        Department = department,
        Specialty = "电费咨询",
        Team = department + "一班",
        Active = active,
        ScheduledDays = scheduledDays,
        MonthPoints = points,
        WorkQualityPoints = workQuality,
        DailyBehaviourPoints = 10m,
        MeanEfficiency = efficiency,
        CumulativeBefore = before,
        PreviousStars = previousStars,
        HireDate = hired,
    };

    public static List<AgentMonthStanding> Standings() =>
    [
        Agent("a01", "张伟", "客服一部", 150m, 80m, 118.2, before: 1700m, hired: new DateOnly(2019, 4, 1)),
        Agent("a02", "王芳", "客服二部", 140m, 75m, 112.0, before: 0m, previousStars: 2, hired: new DateOnly(2025, 9, 1)),
        // a03 and a04 are equal on every tie-breaker: both rank 3, at the C boundary.
        Agent("a03", "李娜", "客服一部", 130m, 70m, 110.0, before: 950m, hired: new DateOnly(2021, 1, 10)),
        Agent("a04", "刘洋", Complaints, 130m, 70m, 110.0, before: 950m, hired: new DateOnly(2024, 6, 1)),
        Agent("a05", "陈静", "客服二部", 120m, 65m, 108.0, before: 400m),
        // Month points equal: work quality decides.
        Agent("a06", "杨磊", "客服一部", 110m, 60m, 90.0, before: 100m),
        Agent("a07", "赵敏", "客服二部", 110m, 50m, 120.0, before: 2000m),
        // Points and work quality equal: mean efficiency decides, and none ranks below any.
        Agent("a08", "黄强", Complaints, 100m, 40m, 80.5, before: 100m),
        Agent("a09", "周杰", "客服一部", 100m, 40m, null, before: 900m),
        // Points, work quality and efficiency equal: cumulative before the month decides.
        Agent("a10", "吴刚", "客服二部", 90m, 30m, 100.0, before: 800m),
        Agent("a11", Hyperlink, "客服一部", 90m, 30m, 100.0, before: 300m),
        Agent("a12", "孙丽", Complaints, 80m),
        Agent("a13", "马超", "客服一部", 75m),
        Agent("a14", "朱婷", "客服二部", 70m),
        Agent("a15", "胡军", Complaints, 65m),
        Agent("a16", "郭燕", "客服一部", 60m),
        Agent("a17", "何平", "客服二部", 55m),
        Agent("a18", "高洁", Complaints, 50m),
        Agent("a19", "林峰", "客服一部", 45m),
        // A leader's deduction under the workload scheme can make a month negative; it is still a number in the files.
        Agent("a20", "罗兰", "客服二部", -5m),
        Agent("x01", "离职者", "客服一部", 500m, 80m, 130.0, active: false),
        Agent("x02", "未排班", "客服二部", 500m, 80m, 130.0, scheduledDays: 0),
    ];

    public static MonthRankingResult Ranking() => MonthRanking.Rank(Standings(), Tiers, Stars);
}
