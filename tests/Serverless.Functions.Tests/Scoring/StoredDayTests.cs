using System.Text.Json;
using Azure.Data.Tables;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Scoring;

/// <summary>
/// A scored day as the running month keeps it, against Azurite: every field comes back as it was put, whatever the
/// day holds, and days stored in the earlier, longer form are still read and replaced correctly.
/// </summary>
public sealed class StoredDayTests(AzuriteFixture azurite) : AzuriteStoreTests(azurite)
{
    private static readonly DateOnly Day = new(2026, 10, 7);
    private AgentMonthStore Store => new(Storage);

    /// <summary>Everything the day says, members included, as one comparable text (its lists are not records).</summary>
    private static string Describe(ScoredDay day) => JsonSerializer.Serialize(new
    {
        day.Metrics, day.Metrics.Adherence, day.Department, day.Specialty, day.ImportIds, day.EntryImportIds,
        ImportIdsByKind = day.ImportIdsByKind?.ToDictionary(k => k.Key.ToString(), k => k.Value),
        Entries = day.Entries.Select(e => new
        {
            e.AgentId, Period = e.Period.Key, e.Rule, Dimension = e.Dimension.ToString(), Points = e.Points.ToString(System.Globalization.CultureInfo.InvariantCulture),
            e.Inputs, e.RulesVersion, e.Department, e.Reason, e.Measure,
        }),
    });

    private static LedgerEntry Entry(string agentId, string rule, Dimension dimension, decimal points, double? measure, string? reason = null,
        string department = "客服一部", string version = "2026.1", LedgerPeriod? period = null) => new()
    {
        AgentId = agentId, Period = period ?? LedgerPeriod.Day(Day), Rule = rule, Dimension = dimension, Points = points,
        Inputs = $"{rule} N=46 E=76.6 AHT=270", RulesVersion = version, Department = department, Reason = reason, Measure = measure,
    };

    public static TheoryData<string> Days => ["full", "work items elsewhere", "nothing measured", "zero adherence", "foreign imports", "odd ids"];

    private static ScoredDay Sample(string name, string agentId) => name switch
    {
        "full" => new ScoredDay(
            new AgentDayMetrics
            {
                AgentId = agentId, Date = Day, AnsweredCalls = 46, TalkSeconds = 10_102, HoldSeconds = 838, AfterCallWorkSeconds = 1_479, ShortCalls = 1,
                HelpRequests = 2, SurveysPushed = 30, SurveysAnswered = 15, SurveysSatisfied = 10, HasTimeRecord = true, ScheduledSeconds = 28_800,
                SignedInSeconds = 27_996, NotReadySeconds = 737, Adherence = 0.9, LateMinutes = 3, CallsInspected = 2, Errors = 1,
            },
            "客服一部", "电费",
            [
                Entry(agentId, "efficiency", Dimension.WorkQuality, 0.00m, 76.55747811140253, "E at or below the curve's first knot"),
                Entry(agentId, "attendance", Dimension.DailyBehaviour, 0.5m, 0.9720833333333333),
                Entry(agentId, "not-ready", Dimension.DailyBehaviour, -0.35m, null, "超出上限"),
            ],
            ["a1b2c3d4e5f6a7b8c9d0e1f2", "0f1e2d3c4b5a69788796a5b4"])
        {
            EntryImportIds = new Dictionary<string, IReadOnlyList<string>>
            {
                ["efficiency"] = ["a1b2c3d4e5f6a7b8c9d0e1f2", "0f1e2d3c4b5a69788796a5b4"],
                ["attendance"] = ["0f1e2d3c4b5a69788796a5b4"],
            },
            ImportIdsByKind = new Dictionary<ExportKind, IReadOnlyList<string>>
            {
                [ExportKind.Calls] = ["a1b2c3d4e5f6a7b8c9d0e1f2"],
                [ExportKind.AgentTime] = ["0f1e2d3c4b5a69788796a5b4"],
            },
        },
        // Work items scored in another department and under another version than the day's first entry, one of them for the month.
        "work items elsewhere" => new ScoredDay(
            new AgentDayMetrics { AgentId = agentId, Date = Day, AnsweredCalls = 3 },
            "客服一部", "电费",
            [
                Entry(agentId, "efficiency", Dimension.WorkQuality, 1.25m, 101.5),
                Entry(agentId, "work-item:complaint", Dimension.Workload, 2.2m, 1, department: "客服二部", version: "2026.2"),
                Entry(agentId, "work-item:visit", Dimension.Workload, 1.1m, 1, period: LedgerPeriod.OfMonth(YearMonth.Of(Day))),
            ],
            ["calls-1", "items-1"])
        {
            EntryImportIds = new Dictionary<string, IReadOnlyList<string>> { ["work-item:complaint"] = ["items-1"] },
            ImportIdsByKind = new Dictionary<ExportKind, IReadOnlyList<string>> { [ExportKind.WorkItems] = ["items-1"], [ExportKind.Calls] = ["calls-1"] },
        },
        "nothing measured" => new ScoredDay(AgentDayMetrics.Empty(agentId, Day), "unassigned", "unassigned", [], []),
        // A measured adherence of 0 is not a missing one; a day with a time record and nothing else.
        "zero adherence" => new ScoredDay(
            new AgentDayMetrics { AgentId = agentId, Date = Day, HasTimeRecord = true, Adherence = 0 },
            "客服一部", "", [Entry(agentId, "adherence", Dimension.DailyBehaviour, 0m, 0, "adherence below minAdherence")], ["t"]),
        // Imports a rule or kind names that the day's own list does not hold (kept as themselves).
        "foreign imports" => new ScoredDay(
            new AgentDayMetrics { AgentId = agentId, Date = Day, AnsweredCalls = 1 },
            "D", "S", [Entry(agentId, "efficiency", Dimension.WorkQuality, 0.01m, 100)], ["x"])
        {
            EntryImportIds = new Dictionary<string, IReadOnlyList<string>> { ["efficiency"] = ["y", "x"] },
            ImportIdsByKind = new Dictionary<ExportKind, IReadOnlyList<string>> { [ExportKind.Quality] = ["z"] },
        },
        "odd ids" => new ScoredDay(
            new AgentDayMetrics { AgentId = agentId, Date = Day, Errors = 2, CallsInspected = 5 },
            "部门 \"甲\"", "专业\\乙", [Entry(agentId, "quality \"errors\"", Dimension.Other, 12.5m, 0.4, "line\nbreak", department: "部门 \"甲\"")],
            ["id with \"quotes\""]),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Days))]
    public async Task A_day_comes_back_as_it_was_put(string name)
    {
        var agentId = "stored-" + name.Replace(' ', '-');
        var day = Sample(name, agentId);

        await Store.PutDayAsync(agentId, day, CancellationToken.None);

        var stored = await Store.GetDaysAsync(Day, [agentId], CancellationToken.None);
        Assert.Equal(Describe(day), Describe(stored[agentId]));
        var month = await Store.GetAsync(agentId, YearMonth.Of(Day), CancellationToken.None);
        Assert.Equal(Describe(day), Describe(Assert.Single(month!.Days)));
    }

    [Fact]
    public async Task A_day_stored_in_the_earlier_form_is_read_and_replaced_with_its_totals_right()
    {
        const string agentId = "stored-v1";
        // Exactly as the earlier form wrote it (the record serialized whole), with totals and figures to match.
        const string v1 = """{"metrics":{"agentId":"stored-v1","date":"2026-10-07","answeredCalls":46,"talkSeconds":10102,"holdSeconds":838,"afterCallWorkSeconds":1479,"shortCalls":1,"helpRequests":0,"surveysPushed":30,"surveysAnswered":15,"surveysSatisfied":10,"hasTimeRecord":true,"scheduledSeconds":28800,"signedInSeconds":27996,"notReadySeconds":737,"adherence":0.9,"lateMinutes":0,"callsInspected":0,"errors":0},"department":"D05","specialty":"S8","entries":[{"agentId":"stored-v1","period":"2026-10-07","rule":"efficiency","dimension":"workQuality","points":0.00,"inputs":"N=46 E=76.6","rulesVersion":"2026.1","department":"D05","reason":"E at or below the curve's first knot","measure":76.55747811140253},{"agentId":"stored-v1","period":"2026-10-07","rule":"attendance","dimension":"dailyBehaviour","points":0.5,"inputs":"Ti/Ts=0.972 min=0.900","rulesVersion":"2026.1","department":"D05","measure":0.9720833333333333}],"importIds":["imp-calls","imp-time"],"entryImportIds":{"efficiency":["imp-calls","imp-time"],"attendance":["imp-time"]},"importIdsByKind":{"AgentTime":["imp-time"],"Calls":["imp-calls"]}}""";
        var table = Storage.Tables.GetTableClient(Tables.AgentMonths);
        await table.UpsertEntityAsync(new TableEntity("2026-10", agentId)
        {
            ["AgentId"] = agentId, ["d07"] = v1, ["DailyBehaviourCents"] = 50L, ["WorkQualityCents"] = 0L, ["TeamBuildingCents"] = 0L, ["WorkloadCents"] = 0L,
            ["OtherCents"] = 0L, ["PointsCents"] = 50L, ["ScoredDays"] = 1,
        }, TableUpdateMode.Replace);

        var read = (await Store.GetDaysAsync(Day, [agentId], CancellationToken.None))[agentId];
        Assert.Equal("D05", read.Department);
        Assert.Equal(46, read.Metrics.AnsweredCalls);
        Assert.Equal(0.9, read.Metrics.Adherence);
        Assert.Equal(["efficiency", "attendance"], read.Entries.Select(e => e.Rule));
        Assert.Equal(["imp-time"], read.ImportIdsOf(read.Entries[1]));
        Assert.Equal(["imp-calls"], read.ImportIdsByKind![ExportKind.Calls]);

        // Replaced by a day worth 1.25 + 0.5: the old day's points come off the totals, the new day's go on.
        var replacement = read with { Entries = [read.Entries[0] with { Points = 1.25m }, read.Entries[1]] };
        await Store.PutDayAsync(agentId, replacement, CancellationToken.None);

        var totals = await Store.GetTotalsAsync(agentId, YearMonth.Of(Day), CancellationToken.None);
        Assert.Equal(1.25m, totals![Dimension.WorkQuality]);
        Assert.Equal(0.5m, totals[Dimension.DailyBehaviour]);
        Assert.Equal(Describe(replacement), Describe((await Store.GetDaysAsync(Day, [agentId], CancellationToken.None))[agentId]));
    }
}
