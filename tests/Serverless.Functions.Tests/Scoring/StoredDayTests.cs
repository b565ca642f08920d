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
                QualityScored = 2, QualityScoreSum = 187.5m,
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
}
