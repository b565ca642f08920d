using Serverless.Domain.Exports;
using static Serverless.Domain.Tests.Exports.ExportFiles;

namespace Serverless.Domain.Tests.Exports;

public sealed class OtherKindsTests
{
    [Fact]
    public async Task Agent_time_in_Chinese_GB18030_fills_the_time_record()
    {
        var file = "坐席工号,日期,排班时长,签入时长,示忙时长,遵时率,迟到分钟\n"
            + "A2,2025/3/1,8:00:00,27000,1800,95%,3\n"
            + "A1,2025-03-01,28800,7:30:00,0:20:00,0.9,\n"
            + "A3,2025-03-01,28800,28800,0,97,0\n";

        var result = await ReadAsync(Gb(file), ExportKind.AgentTime);

        Assert.Equal(ImportOutcome.Accepted, result.Outcome);
        Assert.Equal(["A1", "A2", "A3"], result.Metrics.Select(m => m.AgentId));
        var a1 = result.Metrics[0];
        Assert.True(a1.HasTimeRecord);
        Assert.Equal((28800, 27000, 1200, 0.9, 0), (a1.ScheduledSeconds, a1.SignedInSeconds, a1.NotReadySeconds, a1.Adherence!.Value, a1.LateMinutes));
        var a2 = result.Metrics[1];
        Assert.Equal((28800, 27000, 1800, 3), (a2.ScheduledSeconds, a2.SignedInSeconds, a2.NotReadySeconds, a2.LateMinutes));
        Assert.Equal(0.95, a2.Adherence!.Value, 9);
        Assert.Equal(0.97, result.Metrics[2].Adherence!.Value, 9);
    }

    [Fact]
    public async Task A_second_time_row_for_an_agent_is_bad_not_added()
    {
        var file = "agent_id,date,scheduled_seconds,signed_in_seconds,not_ready_seconds,adherence\n"
            + "A1,2025-03-01,28800,28000,600,\n"
            + "A1,2025-03-01,28800,28000,600,\n"
            + "A2,2025-03-01,28800,28000,600,150%\n";

        var result = await ReadAsync(file, ExportKind.AgentTime, Lenient);

        Assert.Equal(
            [new RowError(3, "agent_id", RowErrorReasons.DuplicateAgent, "A1"), new RowError(4, "adherence", RowErrorReasons.RateOutOfRange, "150%")],
            result.RowErrors);
        Assert.Equal(28800, Assert.Single(result.Metrics).ScheduledSeconds);
        Assert.Null(result.Metrics[0].Adherence);
    }

    [Fact]
    public async Task Quality_rows_count_inspections_and_errors_per_agent()
    {
        var file = "agent_id\tdate\tcall_id\tscore\terror\n"
            + "A1\t2025-03-01\tc1\t98.5\t否\n"
            + "A1\t2025-03-01\tc2\t60\t是\n"
            + "A2\t2025-03-01\t\t\tN\n"
            + "A2\t2025-03-01\tc4\tgood\t0\n";

        var result = await ReadAsync(file, ExportKind.Quality, Lenient);

        Assert.Equal('\t', result.Delimiter);
        Assert.Equal(new RowError(5, "score", RowErrorReasons.NotANumber, "good"), Assert.Single(result.RowErrors));
        Assert.Equal([("A1", 2, 1), ("A2", 1, 0)], result.Metrics.Select(m => (m.AgentId, m.CallsInspected, m.Errors)));
    }

    [Fact]
    public async Task Awards_are_read_in_English_and_Chinese_with_their_notes()
    {
        var file = "agent_id;date;item;level;note\n"
            + "A1;2025-03-01;荣誉奖项;国家;\"全国青年文明号; 一等\"\n"
            + "A2;2025-03-01;GOOD-DEED;department;\n";

        var result = await ReadAsync(Utf8Bom(file), ExportKind.Awards);

        Assert.Equal(ImportOutcome.Accepted, result.Outcome);
        Assert.Equal(
            [
                new AwardRecord("A1", Day, AwardItem.Honour, AwardLevel.National, "全国青年文明号; 一等"),
                new AwardRecord("A2", Day, AwardItem.GoodDeed, AwardLevel.Department, ""),
            ],
            result.Awards);
        Assert.Empty(result.Metrics);
    }

    [Fact]
    public async Task Work_items_default_to_one_unit_and_reject_non_positive_quantities()
    {
        var file = "agent_id,date,工作项编码,role,quantity\n"
            + "A1,2025-03-01,WX-01,主要,\n"
            + "A2,2025-03-01,WX-01,secondary,2.5\n"
            + "A3,2025-03-01,WX-02,单人,0\n";

        var result = await ReadAsync(Gzip(Utf8(file)), ExportKind.WorkItems, Lenient, gzip: true);

        Assert.Equal(
            [
                new WorkItemRecord("A1", Day, "WX-01", WorkItemRole.Primary, 1m),
                new WorkItemRecord("A2", Day, "WX-01", WorkItemRole.Secondary, 2.5m),
            ],
            result.WorkItems);
        Assert.Equal(new RowError(4, "quantity", RowErrorReasons.NotPositive, "0"), Assert.Single(result.RowErrors));
    }

    [Fact]
    public async Task Roster_rows_are_read_and_a_missing_name_is_reported_without_showing_names()
    {
        var file = "工号,姓名,部门,专业,班组,入职日期,status\n"
            + "A1,张三,客服一部,电费,一班,2019/7/1,在岗\n"
            + "A2,李四,客服二部,故障,,,left\n"
            + "A3,,客服二部,故障,,,\n"
            + "A4,王五,客服二部,故障,,2020-13-01,\n";

        var result = await ReadAsync(Gb(file), ExportKind.Roster, Lenient);

        Assert.Equal(
            [
                new RosterRecord("A1", "张三", "客服一部", "电费", "一班", new DateOnly(2019, 7, 1), RosterStatus.Active),
                new RosterRecord("A2", "李四", "客服二部", "故障", "", null, RosterStatus.Left),
            ],
            result.Roster);
        Assert.Equal(
            [new RowError(4, "name", RowErrorReasons.MissingValue, ""), new RowError(5, "hire_date", RowErrorReasons.NotADate, "2020-13-01")],
            result.RowErrors);
    }

    [Fact]
    public async Task A_second_roster_row_for_an_agent_is_bad()
    {
        var file = "agent_id,name,department,specialty\nA1,张三,客服一部,电费\nA1,张三丰,客服一部,电费\n";

        var result = await ReadAsync(file, ExportKind.Roster, Lenient);

        Assert.Equal("张三", Assert.Single(result.Roster).Name);
        Assert.Equal(new RowError(3, "agent_id", RowErrorReasons.DuplicateAgent, "A1"), Assert.Single(result.RowErrors));
    }

    [Theory]
    [InlineData(ExportKind.AgentTime, "agent_id,date\n", "scheduled_seconds, signed_in_seconds, not_ready_seconds")]
    [InlineData(ExportKind.Quality, "agent_id,date\n", "error")]
    [InlineData(ExportKind.Awards, "agent_id,date,note\n", "item, level")]
    [InlineData(ExportKind.WorkItems, "agent_id,date,quantity\n", "item_code, role")]
    [InlineData(ExportKind.Roster, "agent_id,team\n", "name, department, specialty")]
    public async Task Every_kind_rejects_a_file_without_its_required_columns(ExportKind kind, string header, string missing)
    {
        var result = await ReadAsync(header, kind);

        Assert.Equal(ImportOutcome.Rejected, result.Outcome);
        Assert.Equal(missing, string.Join(", ", result.MissingColumns));
    }
}
