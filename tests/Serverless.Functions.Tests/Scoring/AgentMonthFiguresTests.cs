using Azure.Data.Tables;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Scoring;

/// <summary>
/// The running figures each agent-month row keeps for month close (<c>MonthFigures</c>), against Azurite: however days
/// are put, replaced, batched or removed, what month close reads without the days equals the days summed.
/// </summary>
public sealed class AgentMonthFiguresTests(AzuriteFixture azurite) : AzuriteStoreTests(azurite)
{
    private static readonly YearMonth October = new(2026, 10);
    private AgentMonthStore Store => new(Storage);

    private static ScoredDay Day(string agentId, int day, int calls, long signedIn, long scheduled = 28_800, string department = "客服一部", double? e = 104.5, decimal workItem = 0m, params string[] imports) =>
        new(new AgentDayMetrics
        {
            AgentId = agentId, Date = new DateOnly(2026, 10, day), AnsweredCalls = calls, TalkSeconds = calls * 200L, SurveysPushed = calls - 1,
            SurveysAnswered = calls / 2, SurveysSatisfied = calls / 2 - 1, HasTimeRecord = scheduled > 0, ScheduledSeconds = scheduled,
            SignedInSeconds = signedIn, CallsInspected = 2, Errors = day % 2,
        },
        department, "电费",
        [
            Entry(agentId, day, "efficiency", Dimension.WorkQuality, e is null ? 0m : 1.25m, e),
            Entry(agentId, day, "attendance", Dimension.DailyBehaviour, 0.5m, signedIn / (double)Math.Max(1, scheduled)),
            .. workItem == 0m ? Array.Empty<LedgerEntry>() : [Entry(agentId, day, "work-item:complaint", Dimension.Workload, workItem, 1)],
        ],
        imports.Length == 0 ? [$"calls-{day:00}", $"time-{day:00}"] : imports);

    private static LedgerEntry Entry(string agentId, int day, string rule, Dimension dimension, decimal points, double? measure) => new()
    {
        AgentId = agentId, Period = LedgerPeriod.Day(new DateOnly(2026, 10, day)), Rule = rule, Dimension = dimension, Points = points,
        Inputs = "", RulesVersion = "2026.1", Department = "客服一部", Measure = measure,
    };

    /// <summary>Everything a summary says, as one comparable string (its collections are not records).</summary>
    private static string Describe(AgentMonthSummary s)
    {
        var f = s.Figures;
        return string.Join(" | ",
            s.AgentId, s.Month, s.LastDepartment ?? "-", string.Join(",", s.ImportIds),
            s.ImportIdsByKind is null ? "kinds unknown" : string.Join(",", s.ImportIdsByKind.OrderBy(k => k.Key).Select(k => $"{k.Key}={string.Join("+", k.Value)}")),
            $"{f.AnsweredCalls} {f.SurveysPushed} {f.SurveysAnswered} {f.SurveysSatisfied} {f.CallsInspected} {f.Errors} wi={f.WorkItemDays}",
            string.Join(",", f.ScheduledDays.Select(d => $"{d.SignedInSeconds}/{d.ScheduledSeconds}").Order(StringComparer.Ordinal)),
            string.Join(",", f.DailyPoints.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value:0.##########}")),
            string.Join(",", f.Measures.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value.Millionths}/{m.Value.Count}")));
    }

    private async Task AssertSummariesEqualTheDaysAsync(params string[] agents)
    {
        var summaries = (await Store.GetMonthSummariesAsync(October, CancellationToken.None)).Where(s => agents.Contains(s.AgentId)).OrderBy(s => s.AgentId, StringComparer.Ordinal).ToList();
        var whole = new List<AgentMonthSummary>();
        foreach (var agent in agents.Order(StringComparer.Ordinal)) whole.Add(AgentMonthSummary.Of((await Store.GetAsync(agent, October, CancellationToken.None))!));
        Assert.Equal(string.Join("\n", whole.Select(Describe)), string.Join("\n", summaries.Select(Describe)));
    }

    [Fact]
    public async Task Figures_follow_days_put_replaced_and_removed_one_at_a_time()
    {
        var store = Store;
        await store.PutDayAsync("F1", Day("F1", 1, 60, 28_800), CancellationToken.None);
        await store.PutDayAsync("F1", Day("F1", 2, 40, 20_000, department: "客服二部", e: null), CancellationToken.None);
        await store.PutDayAsync("F1", Day("F1", 3, 0, 0, scheduled: 0, workItem: 3.3m, imports: ["items-03"]), CancellationToken.None);
        // Replaced: day 1 now shorter and from a corrected calls file; day 3 removed.
        await store.PutDayAsync("F1", Day("F1", 1, 55, 26_000, imports: ["calls-01b", "time-01"]), CancellationToken.None);
        await store.RemoveDayAsync("F1", new DateOnly(2026, 10, 3), CancellationToken.None);
        await store.PutDayAsync("F1", Day("F1", 1, 55, 26_000, imports: ["calls-01b", "time-01"]), CancellationToken.None);

        await AssertSummariesEqualTheDaysAsync("F1");
        var f1 = (await store.GetMonthSummariesAsync(October, CancellationToken.None)).Single(s => s.AgentId == "F1");
        // By hand, days 1 (55 calls, 26 000 s of 28 800) and 2 (40 calls, 20 000 s): calls 55 + 40, pushed 54 + 39,
        // surveys 27 + 20 of which satisfied 26 + 19, inspected 2 + 2 with 1 error (day 1); efficiency 1.25 + 0, attendance
        // 0.5 + 0.5; E measured on day 1 only (104.5); attendance shares 0.902778 + 0.694444.
        Assert.Equal("F1 | 2026-10 | 客服二部 | calls-01b,calls-02,time-01,time-02 | kinds unknown | 95 93 47 45 4 1 wi=0 | 20000/28800,26000/28800"
            + " | DailyBehaviour=1,WorkQuality=1.25 | attendance=1597222/2,efficiency=104500000/1", Describe(f1));
        Assert.Equal(("客服二部", 2, 0), (f1.LastDepartment, f1.Figures.ScheduledDays.Count, f1.Figures.WorkItemDays));
        Assert.Equal(["calls-01b", "calls-02", "time-01", "time-02"], f1.ImportIds);
    }

    [Fact]
    public async Task Figures_follow_a_batch_of_agents_and_a_batch_that_removes_some()
    {
        var store = Store;
        var agents = Enumerable.Range(0, 150).Select(i => $"G{i:000}").ToList();
        foreach (var day in new[] { 5, 6 })
        {
            await store.PutDaysAsync(new DateOnly(2026, 10, day), [.. agents.Select(a => new KeyValuePair<string, ScoredDay?>(a, Day(a, day, 30 + day, 27_000, workItem: day == 6 ? 2m : 0m)))], CancellationToken.None);
        }
        // A corrected day 6: every third agent is gone from it, the rest changed.
        await store.PutDaysAsync(new DateOnly(2026, 10, 6),
            [.. agents.Select((a, i) => new KeyValuePair<string, ScoredDay?>(a, i % 3 == 0 ? null : Day(a, 6, 70, 28_800, e: 96.25)))], CancellationToken.None);

        await AssertSummariesEqualTheDaysAsync([.. agents]);
    }

    private static ScoredDay Kinded(ScoredDay day) => day with
    {
        ImportIdsByKind = day.ImportIds.GroupBy(id => id.StartsWith("calls", StringComparison.Ordinal) ? ExportKind.Calls : id.StartsWith("items", StringComparison.Ordinal) ? ExportKind.WorkItems : ExportKind.AgentTime)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g]),
    };

    [Fact]
    public async Task The_months_imports_by_kind_follow_the_days_and_are_unknown_while_a_day_came_without_them()
    {
        var store = Store;
        await store.PutDayAsync("K1", Kinded(Day("K1", 1, 60, 28_800)), CancellationToken.None);
        await store.PutDayAsync("K1", Kinded(Day("K1", 2, 40, 20_000, workItem: 2m, imports: ["calls-02", "time-02", "items-02"])), CancellationToken.None);
        await store.PutDayAsync("K1", Kinded(Day("K1", 1, 55, 26_000, imports: ["calls-01b", "time-01"])), CancellationToken.None);
        await AssertSummariesEqualTheDaysAsync("K1");
        var k1 = (await store.GetMonthSummariesAsync(October, CancellationToken.None)).Single(s => s.AgentId == "K1");
        Assert.Equal(["calls-01b", "calls-02"], k1.ImportIdsByKind![ExportKind.Calls]);
        Assert.Equal(["time-01", "time-02"], k1.ImportIdsOf([ExportKind.AgentTime]));
        Assert.Equal(["items-02"], k1.ImportIdsOf([ExportKind.WorkItems]));

        // A day stored without its kinds (as before they were kept): the month's kinds are unknown until it goes.
        await store.PutDayAsync("K1", Day("K1", 3, 30, 28_800), CancellationToken.None);
        await AssertSummariesEqualTheDaysAsync("K1");
        k1 = (await store.GetMonthSummariesAsync(October, CancellationToken.None)).Single(s => s.AgentId == "K1");
        Assert.Null(k1.ImportIdsByKind);
        Assert.Equal(k1.ImportIds, k1.ImportIdsOf([ExportKind.Calls]));
        await store.RemoveDayAsync("K1", new DateOnly(2026, 10, 3), CancellationToken.None);
        await store.RemoveDayAsync("K1", new DateOnly(2026, 10, 2), CancellationToken.None);
        await AssertSummariesEqualTheDaysAsync("K1");
        k1 = (await store.GetMonthSummariesAsync(October, CancellationToken.None)).Single(s => s.AgentId == "K1");
        Assert.Equal("Calls=calls-01b,AgentTime=time-01", string.Join(",", k1.ImportIdsByKind!.OrderBy(k => k.Key).Select(k => $"{k.Key}={string.Join("+", k.Value)}")));
    }

    [Fact]
    public async Task Figures_written_before_the_kinds_were_kept_never_learn_them()
    {
        var store = Store;
        await store.PutDayAsync("K2", Kinded(Day("K2", 4, 50, 28_800)), CancellationToken.None);
        // What the figures looked like before this version: the month's imports counted together, no kinds.
        var table = Storage.Tables.GetTableClient(Tables.AgentMonths);
        var row = (await table.GetEntityAsync<TableEntity>(Storage.Partitions.For(October.ToString(), "K2"), "K2")).Value;
        var figures = System.Text.Json.Nodes.JsonNode.Parse(row.GetString("MonthFigures"))!.AsObject();
        figures.Remove("byKind");
        figures["imports"] = new System.Text.Json.Nodes.JsonObject { ["calls-04"] = 1, ["time-04"] = 1 };
        row["MonthFigures"] = figures.ToJsonString();
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        await store.PutDayAsync("K2", Kinded(Day("K2", 5, 45, 28_800)), CancellationToken.None);

        var k2 = (await store.GetMonthSummariesAsync(October, CancellationToken.None)).Single(s => s.AgentId == "K2");
        Assert.Null(k2.ImportIdsByKind);
        Assert.Equal(["calls-04", "calls-05", "time-04", "time-05"], k2.ImportIds);
    }

    [Fact]
    public async Task A_row_written_before_the_figures_existed_is_read_whole_and_stays_without_them()
    {
        var store = Store;
        await store.PutDayAsync("OLD1", Day("OLD1", 7, 50, 28_800), CancellationToken.None);
        // What the row looked like before this version: the same, without MonthFigures.
        var table = Storage.Tables.GetTableClient(Tables.AgentMonths);
        var row = (await table.GetEntityAsync<TableEntity>(Storage.Partitions.For(October.ToString(), "OLD1"), "OLD1")).Value;
        row.Remove("MonthFigures");
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        await store.PutDayAsync("OLD1", Day("OLD1", 8, 45, 10_000), CancellationToken.None);

        Assert.False((await table.GetEntityAsync<TableEntity>(Storage.Partitions.For(October.ToString(), "OLD1"), "OLD1")).Value.ContainsKey("MonthFigures"));
        await AssertSummariesEqualTheDaysAsync("OLD1");
        Assert.Equal(2, (await store.GetMonthSummariesAsync(October, CancellationToken.None)).Single(s => s.AgentId == "OLD1").Figures.ScheduledDays.Count);
    }
}
