using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.UseCases;
using Serverless.Application.Ports;
using Serverless.Domain.Publishing;
using Serverless.Domain.Scoring;

namespace Serverless.Domain.Tests.Application;

/// <summary>
/// Each monthly ledger entry names the imports its rule reads, as each daily entry does: satisfaction and push rate the
/// month's calls files, full attendance its agent-time files, error-free its quality files, a team-building entry its
/// awards' imports, an adjustment none, a cap all of them.
/// </summary>
public sealed class MonthEntryImportsTests
{
    private static readonly YearMonth October = new(2026, 10);

    private static AgentMonthSummary Summary(bool kinds) => new(
        "A1", October,
        new MonthFigures
        {
            AnsweredCalls = 100, SurveysPushed = 100, SurveysAnswered = 40, SurveysSatisfied = 40, CallsInspected = 10,
            ScheduledDays = [new ScheduledDay(28_800, 28_800)],
            // Over the preset's daily-behaviour cap of 30, so the month gets a cap entry.
            DailyPoints = new Dictionary<Dimension, decimal> { [Dimension.DailyBehaviour] = 31m },
        },
        "客服一部",
        ["c1", "c2", "q1", "t1", "t2"])
    {
        ImportIdsByKind = kinds
            ? new Dictionary<ExportKind, IReadOnlyList<string>> { [ExportKind.Calls] = ["c1", "c2"], [ExportKind.AgentTime] = ["t1", "t2"], [ExportKind.Quality] = ["q1"] }
            : null,
    };

    private static Entry<AwardRecord> Award(string id, AwardItem item, AwardLevel level, string source) => new()
    {
        Id = id, Value = new AwardRecord("A1", new DateOnly(2026, 10, 5), item, level, ""), Source = source, RecordedAt = DateTimeOffset.UnixEpoch,
    };

    private static ScoredAgentMonth Close(bool kinds) => MonthCloseCalculation.Compute(
        October,
        RulePresets.Load(RulePresets.PositiveIncentive),
        (IReadOnlyList<AgentMonthSummary>)[Summary(kinds)],
        [new RosterRecord("A1", "李娜", "客服一部", "电费", "T1", null, RosterStatus.Active)],
        [
            Award("x1", AwardItem.Honour, AwardLevel.Team, "import:aw1"),
            Award("x2", AwardItem.Honour, AwardLevel.Team, "api:hr"),
            Award("x3", AwardItem.Training, AwardLevel.Company, "import:aw2"),
        ],
        new Dictionary<string, AgentStanding>(),
        [new PointsAdjustment("q1", "A1", new DateOnly(2026, 10, 9), 2m, "临时任务")]).Scores.Single();

    [Fact]
    public void Each_monthly_entry_names_only_the_imports_of_what_its_rule_reads()
    {
        var month = Close(kinds: true);

        var imports = month.Score.Entries.ToDictionary(e => e.Rule, e => string.Join(",", month.ImportIdsOf(e)), StringComparer.Ordinal);

        Assert.Equal(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["full-attendance"] = "t1,t2",
            ["satisfaction"] = "c1,c2",
            ["push-rate"] = "c1,c2",
            ["error-free"] = "q1",
            ["team-building:honour:team"] = "aw1",
            ["team-building:training:company"] = "aw2",
            ["adjustment:q1"] = "",
            ["cap:dailyBehaviour"] = "aw1,aw2,c1,c2,q1,t1,t2",
        }, imports);
    }

    [Fact]
    public void A_month_whose_imports_are_not_known_by_kind_names_them_all_on_every_entry()
    {
        var month = Close(kinds: false);

        Assert.All(month.Score.Entries, e => Assert.Equal(["c1", "c2", "q1", "t1", "t2"], month.ImportIdsOf(e)));
    }
}
