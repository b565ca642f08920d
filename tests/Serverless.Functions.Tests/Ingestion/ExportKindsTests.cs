using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Ingestion;

/// <summary>
/// Every export kind imported from real files through the handler on Azurite — Chinese headers, GB18030, BOM,
/// tab and semicolon delimiters, gzip, quoted fields holding commas and line breaks — and what each stores.
/// </summary>
public sealed class ExportKindsTests(AzuriteFixture azurite) : IngestionTestBase(azurite)
{
    [Fact]
    public async Task Calls_with_Chinese_headers_in_GB18030_gzip_become_agent_day_metrics()
    {
        const string csv = "话务流水号,坐席工号,开始时间,结束时间,通话时长,保持时长,整理时长,技能组,处理结果,是否求助,是否推送满意度,满意度评价,主叫号码\r\n" +
                           "c1,K1,2026-05-04 09:00:00,2026-05-04 09:05:00,0:03:20,10,30,\"投诉,咨询\r\n热线\",已接听,是,是,满意,13812345678\r\n" +
                           "c2,K1,2026/5/4 9:10:00,2026/5/4 9:12:00,5,0,0,咨询,转接,否,否,,13812345679\r\n" +
                           "c3,K2,2026-05-04T10:00:00,2026-05-04T10:01:00,60,0,20,咨询,放弃,否,否,,13812345670\r\n";

        var imported = await ImportAsync("calls/2026-05-04/north.csv.gz", Gzip(Gb18030.GetBytes(csv)));

        Assert.Equal(ImportStatus.Accepted, imported.Status.Status);
        Assert.Equal("gb18030", imported.Report.GetProperty("encoding").GetString());
        Assert.Equal((3, 3, 0), (imported.Status.DataRows, imported.Status.AcceptedRows, imported.Status.BadRows));
        var day = new DateOnly(2026, 5, 4);
        Assert.Equal(
            [
                new AgentDayMetrics
                {
                    AgentId = "K1", Date = day, AnsweredCalls = 2, TalkSeconds = 205, HoldSeconds = 10, AfterCallWorkSeconds = 30,
                    ShortCalls = 1, HelpRequests = 1, SurveysPushed = 1, SurveysAnswered = 1, SurveysSatisfied = 1,
                    // Both answered calls carry a caller number, each a different caller who did not call again.
                    IdentifiedCalls = 2, RepeatCalls = 0,
                },
                // An abandoned call is not the agent's work, but the agent-day exists.
                AgentDayMetrics.Empty("K2", day),
            ],
            imported.Metrics);
        var request = Assert.Single(imported.Reply.ScoreRequests);
        Assert.Equal("2026-05-04", request.GetProperty("date").GetString());
        Assert.Equal(["K1", "K2"], imported.Reply.AgentsToScore);
        imported.AssertChangedOnly(imported.MetricKeys("K1", "K2"));
    }

    [Fact]
    public async Task Agent_time_tab_delimited_with_a_BOM_records_the_schedule()
    {
        var csv = "坐席工号\t日期\t排班时长\t签入时长\t示忙时长\t遵时率\t迟到分钟\r\nK1\t2026-05-05\t28800\t27000\t1:30:00\t95%\t3\r\n";

        var imported = await ImportAsync("agent-time/2026-05-05/wfm.csv", [0xEF, 0xBB, 0xBF, .. Utf8(csv)]);

        Assert.Equal(ImportStatus.Accepted, imported.Status.Status);
        Assert.Equal("utf-8-bom", imported.Report.GetProperty("encoding").GetString());
        Assert.Equal("\t", imported.Report.GetProperty("delimiter").GetString());
        Assert.Equal(
            [new AgentDayMetrics { AgentId = "K1", Date = new(2026, 5, 5), HasTimeRecord = true, ScheduledSeconds = 28800, SignedInSeconds = 27000, NotReadySeconds = 5400, Adherence = 0.95, LateMinutes = 3 }],
            imported.Metrics);
        imported.AssertChangedOnly(imported.MetricKeys("K1"));
    }

    [Fact]
    public async Task Quality_semicolon_delimited_counts_inspections_errors_and_scores()
    {
        // c3 carries no score: inspected, but not in the mean quality score.
        var csv = "agent_id;date;call_id;score;error\nK1;2026-05-06;c1;98;N\nK1;2026-05-06;c2;60.5;Y\nK1;2026-05-06;c3;;N\n";

        var imported = await ImportAsync("quality/2026-05-06/qa.csv", Utf8(csv));

        Assert.Equal([new AgentDayMetrics { AgentId = "K1", Date = new(2026, 5, 6), CallsInspected = 3, Errors = 1, QualityScored = 2, QualityScoreSum = 158.5m }], imported.Metrics);
        Assert.Equal(79.25, imported.Metrics[0].MeanQualityScore);
        imported.AssertChangedOnly(imported.MetricKeys("K1"));
    }

    [Fact]
    public async Task Awards_are_stored_as_award_entries_of_the_import()
    {
        var csv = "agent_id,date,item,level,note\r\nK1,2026-05-07,荣誉奖项,中心,\"季度之星, 第二名\"\r\nK2,2026-05-07,training,team,\r\n";

        var imported = await ImportAsync("awards/2026-05-07/hr.csv", Utf8(csv));

        var id = imported.Status.ImportId;
        var awards = await EntryStores.Awards(Host.Storage).GetInForceAsync(new YearMonth(2026, 5), default);
        Assert.Equal(
            [
                ($"{id}-1", new AwardRecord("K1", new(2026, 5, 7), AwardItem.Honour, AwardLevel.Center, "季度之星, 第二名"), $"import:{id}"),
                ($"{id}-2", new AwardRecord("K2", new(2026, 5, 7), AwardItem.Training, AwardLevel.Team, ""), $"import:{id}"),
            ],
            awards.OrderBy(a => a.Id, StringComparer.Ordinal).Select(a => (a.Id, a.Value, a.Source)));
        Assert.Empty(imported.Reply.ScoreRequests);
        imported.AssertChangedOnly(["ImportHeads/2026-05-07/awards|hr", $"Awards/2026-05/{id}-1", $"Awards/2026-05/{id}-2"]);
    }

    [Fact]
    public async Task Work_items_gzipped_are_stored_for_the_workload_scheme()
    {
        var csv = "工号,日期,工作项编码,role,quantity\nK1,2026-05-08,W-101,主要,2.5\nK1,2026-05-08,W-102,single,\n";

        var imported = await ImportAsync("work-items/2026-05-08/ops.csv.gz", Gzip(Utf8(csv)));

        var items = await new WorkItemStore(Host.Storage).GetDayAsync(new DateOnly(2026, 5, 8), default);
        Assert.Equal(
            [new WorkItemRecord("K1", new(2026, 5, 8), "W-101", WorkItemRole.Primary, 2.5m), new WorkItemRecord("K1", new(2026, 5, 8), "W-102", WorkItemRole.Single, 1m)],
            items);
        imported.AssertChangedOnly(["ImportHeads/2026-05-08/work-items|ops", "WorkItems/2026-05-08/ops|K1|00001", "WorkItems/2026-05-08/ops|K1|00002"]);
    }

    [Fact]
    public async Task A_GB18030_roster_upserts_the_agents()
    {
        var csv = "坐席工号,姓名,部门,专业,班组,入职日期,status\r\nR1,张三,北京分中心,营销,一班,2020-03-01,在岗\r\nR2,李四,天津分中心,故障,二班,,离职\r\n";

        var imported = await ImportAsync("roster/2026-05-01/hr.csv", Gb18030.GetBytes(csv));

        var roster = await new RosterStore(Host.Storage).GetAsync(["R1", "R2"], default);
        Assert.Equal(new RosterRecord("R1", "张三", "北京分中心", "营销", "一班", new DateOnly(2020, 3, 1), RosterStatus.Active), roster["R1"]);
        Assert.Equal(new RosterRecord("R2", "李四", "天津分中心", "故障", "二班", null, RosterStatus.Left), roster["R2"]);
        imported.AssertChangedOnly(["ImportHeads/2026-05-01/roster|hr", "Roster/roster/R1", "Roster/roster/R2"]);
    }

    [Fact]
    public async Task Agents_missing_from_the_roster_are_kept_scored_as_unassigned_and_reported()
    {
        await ImportAsync("roster/2026-05-09/hr.csv", Utf8("agent_id,name,department,specialty\nU1,王五,上海分中心,营销\n"));
        var csv = "call_id,agent_id,start_time,end_time,talk_seconds\nu1,U1,2026-05-09 09:00:00,2026-05-09 09:05:00,300\nu2,U2,2026-05-09 09:00:00,2026-05-09 09:05:00,300\n";

        var imported = await ImportAsync("calls/2026-05-09/north.csv", Utf8(csv));

        Assert.Equal(["U1", "U2"], imported.Metrics.Select(m => m.AgentId));
        Assert.Equal(1, imported.Status.UnknownAgents);
        Assert.Equal(1, imported.Report.GetProperty("unknownAgents").GetInt32());
        Assert.Equal(["U2"], imported.Report.GetProperty("unknownAgentIds").EnumerateArray().Select(a => a.GetString()));
        foreach (var message in imported.Reply.ScoreRequests)
        {
            await Host.DeliverScoreRequestAsync(message);
        }
        var scored = await new AgentMonthStore(Host.Storage).GetMonthAsync(new YearMonth(2026, 5), default);
        var day = new DateOnly(2026, 5, 9);
        Assert.Equal(
            [("U1", "上海分中心"), ("U2", "unassigned")],
            scored.SelectMany(a => a.Days.Where(d => d.Metrics.Date == day).Select(d => (a.AgentId, d.Department))).OrderBy(d => d.AgentId, StringComparer.Ordinal));
    }
}
