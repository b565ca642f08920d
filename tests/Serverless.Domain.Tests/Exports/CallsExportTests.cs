using System.Text;
using Serverless.Domain.Exports;
using static Serverless.Domain.Tests.Exports.ExportFiles;

namespace Serverless.Domain.Tests.Exports;

public sealed class CallsExportTests
{
    [Fact]
    public async Task Three_calls_of_an_agent_add_up_to_exact_totals()
    {
        var file = CallsHeader
            + Call("c1", talk: "5", hold: "10", acw: "20", pushed: "1", satisfaction: "满意")
            + Call("c2", talk: "0:02:00", hold: "0", acw: "15", pushed: "Y", satisfaction: "dissatisfied")
            + Call("c3", talk: "300", hold: "", acw: "0:01:00", pushed: "否", satisfaction: "");

        var result = await ReadAsync(file, ExportKind.Calls);

        Assert.Equal(ImportOutcome.Accepted, result.Outcome);
        Assert.Equal(3, result.DataRows);
        Assert.Equal(3, result.AcceptedRows);
        var a1 = Assert.Single(result.Metrics);
        Assert.Equal("A1", a1.AgentId);
        Assert.Equal(Day, a1.Date);
        Assert.Equal(3, a1.AnsweredCalls);
        Assert.Equal(5 + 120 + 300, a1.TalkSeconds);
        Assert.Equal(10, a1.HoldSeconds);
        Assert.Equal(20 + 15 + 60, a1.AfterCallWorkSeconds);
        Assert.Equal(1, a1.ShortCalls); // 5 s < shortCallSeconds 10
        Assert.Equal(2, a1.SurveysPushed);
        Assert.Equal(2, a1.SurveysAnswered);
        Assert.Equal(1, a1.SurveysSatisfied);
        Assert.Equal(0, a1.HelpRequests);
    }

    [Fact]
    public async Task Abandoned_calls_are_valid_but_not_counted_and_transferred_calls_are()
    {
        var file = "call_id,agent_id,start_time,end_time,talk_seconds,result,help_requested\n"
            + "c1,A1,2025-03-01 09:00:00,2025-03-01 09:01:00,60,abandoned,1\n"
            + "c2,A1,2025-03-01 09:02:00,2025-03-01 09:03:00,40,转接,是\n"
            + "c3,A1,2025-03-01 09:04:00,2025-03-01 09:05:00,50,已接听,0\n";

        var result = await ReadAsync(file, ExportKind.Calls);

        Assert.Equal(ImportOutcome.Accepted, result.Outcome);
        Assert.Equal(3, result.AcceptedRows);
        var a1 = Assert.Single(result.Metrics);
        Assert.Equal(2, a1.AnsweredCalls);
        Assert.Equal(90, a1.TalkSeconds);
        Assert.Equal(1, a1.HelpRequests);
    }

    [Fact]
    public async Task Metrics_are_one_per_agent_sorted_by_agent_id()
    {
        var file = CallsHeader + Call("c1", agent: "B7") + Call("c2", agent: "A1") + Call("c3", agent: "B7") + Call("c4", agent: "A10");

        var result = await ReadAsync(file, ExportKind.Calls);

        Assert.Equal(["A1", "A10", "B7"], result.Metrics.Select(m => m.AgentId));
        Assert.Equal([1, 1, 2], result.Metrics.Select(m => m.AnsweredCalls));
    }

    [Fact]
    public async Task Chinese_headers_in_GB18030_are_read()
    {
        var file = "话务流水号,坐席工号,进线时间,结束时间,通话时长,保持时长,整理时长,呼叫结果,满意度推送,客户评价,主叫号码\n"
            + "c1,张工01,2025/3/1 8:05:00,2025/3/1 8:10:00,0:04:00,0:00:30,45,已接听,是,非常满意,13800138000\n"
            + "c2,张工01,2025/3/1 8:15,2025/3/1 8:20,100,0,10,放弃,否,,13900139000\n";

        var result = await ReadAsync(Gb(file), ExportKind.Calls);

        Assert.Equal(ImportOutcome.Accepted, result.Outcome);
        Assert.Equal("gb18030", result.Encoding);
        var agent = Assert.Single(result.Metrics);
        Assert.Equal("张工01", agent.AgentId);
        Assert.Equal(1, agent.AnsweredCalls);
        Assert.Equal(240, agent.TalkSeconds);
        Assert.Equal(30, agent.HoldSeconds);
        Assert.Equal(45, agent.AfterCallWorkSeconds);
        Assert.Equal(1, agent.SurveysSatisfied);
    }

    [Fact]
    public async Task UTF8_with_a_byte_order_mark_is_read_and_reported()
    {
        var result = await ReadAsync(Utf8Bom(CallsHeader + Call("c1")), ExportKind.Calls);

        Assert.Equal(ImportOutcome.Accepted, result.Outcome);
        Assert.Equal("utf-8-bom", result.Encoding);
        Assert.Equal("call_id", result.HeadersSeen[0]);
        Assert.Equal(1, Assert.Single(result.Metrics).AnsweredCalls);
    }

    [Fact]
    public async Task Plain_UTF8_is_reported_as_utf8()
    {
        var result = await ReadAsync(CallsHeader + Call("c1", agent: "坐席1"), ExportKind.Calls);

        Assert.Equal("utf-8", result.Encoding);
        Assert.Equal("坐席1", Assert.Single(result.Metrics).AgentId);
    }

    [Theory]
    [InlineData('\t')]
    [InlineData(';')]
    public async Task Tab_and_semicolon_delimiters_are_detected_from_the_header(char delimiter)
    {
        var file = (CallsHeader + Call("c1") + Call("c2", talk: "0:10:00")).Replace(',', delimiter);

        var result = await ReadAsync(file, ExportKind.Calls);

        Assert.Equal(ImportOutcome.Accepted, result.Outcome);
        Assert.Equal(delimiter, result.Delimiter);
        Assert.Equal(800, Assert.Single(result.Metrics).TalkSeconds);
    }

    [Fact]
    public async Task Quoted_fields_may_hold_commas_quotes_and_line_breaks()
    {
        var file = "agent_id,skill,call_id,start_time,end_time,talk_seconds\r\n"
            + "A1,\"billing, \"\"urgent\"\"\nsecond line\",c1,2025-03-01 09:00:00,2025-03-01 09:05:00,\" 120 \"\r\n"
            + "A1,plain,c2,2025-03-01 10:00:00,2025-03-01 09:05:00,60\r\n";

        var result = await ReadAsync(file, ExportKind.Calls, Lenient);

        Assert.Equal(120, Assert.Single(result.Metrics).TalkSeconds);
        // The quoted line break does not split the record: the bad call is record 3.
        var error = Assert.Single(result.RowErrors);
        Assert.Equal(new RowError(3, "end_time", RowErrorReasons.EndBeforeStart, "2025-03-01 09:05:00"), error);
    }

    [Fact]
    public async Task Gzip_files_are_inflated_as_they_are_read()
    {
        var file = CallsHeader + string.Concat(Enumerable.Range(0, 500).Select(i => Call($"c{i}", agent: $"A{i % 7}")));

        var result = await ReadAsync(Gzip(Utf8(file)), ExportKind.Calls, gzip: true);

        Assert.Equal(ImportOutcome.Accepted, result.Outcome);
        Assert.Equal(500, result.Metrics.Sum(m => m.AnsweredCalls));
        Assert.Equal(7, result.Metrics.Count);
    }

    [Fact]
    public async Task Gzip_is_recognised_by_its_magic_bytes_even_without_the_gz_name()
    {
        var result = await ReadAsync(Gzip(Utf8(CallsHeader + Call("c1"))), ExportKind.Calls, gzip: false);

        Assert.Equal(ImportOutcome.Accepted, result.Outcome);
        Assert.Single(result.Metrics);
    }

    [Fact]
    public async Task ISO_8601_times_with_an_offset_are_placed_in_Shanghai_time()
    {
        // 2025-02-28T16:30Z is 00:30 on March 1st in Shanghai; a Z-less ISO time is already local.
        var file = CallsHeader
            + Call("c1", start: "2025-02-28T16:30:00Z", end: "2025-02-28T16:35:00.250Z")
            + Call("c2", start: "2025-03-01T09:00:00+08:00", end: "2025-03-01T09:05:00")
            + Call("c3", start: "2025-03-01T23:30:00+08:00", end: "2025-03-01T16:00:00Z");

        var result = await ReadAsync(file, ExportKind.Calls, Lenient);

        Assert.Equal(3, Assert.Single(result.Metrics).AnsweredCalls);
        Assert.Empty(result.RowErrors);
    }

    [Fact]
    public async Task Header_names_match_ignoring_case_and_padding_in_any_order_and_unknown_columns_are_ignored()
    {
        var file = " Talk_Seconds ,EXTRA,Agent_ID,  END_TIME,Start_Time,CALL_ID\n200,x,A1,2025-03-01 09:05:00,2025-03-01 09:00:00,c1\n";

        var result = await ReadAsync(file, ExportKind.Calls);

        Assert.Equal(ImportOutcome.Accepted, result.Outcome);
        Assert.Equal(["Talk_Seconds", "EXTRA", "Agent_ID", "END_TIME", "Start_Time", "CALL_ID"], result.HeadersSeen);
        Assert.Equal(200, Assert.Single(result.Metrics).TalkSeconds);
    }

    [Fact]
    public async Task The_content_hash_is_the_XXH128_of_the_bytes_as_stored()
    {
        var bytes = Gzip(Utf8(CallsHeader + Call("c1")));

        var result = await ReadAsync(bytes, ExportKind.Calls, gzip: true);

        Assert.Equal(ContentHashOf(bytes), result.ContentHash);
        Assert.Equal(bytes.Length, result.RawBytes);
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ExportReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(CallsHeader + Call("c1"))), PathOf(ExportKind.Calls), new ExportReadOptions(), cancelled.Token));
    }
}
