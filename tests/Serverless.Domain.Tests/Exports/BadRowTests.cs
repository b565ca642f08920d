using Serverless.Domain.Exports;
using static Serverless.Domain.Tests.Exports.ExportFiles;

namespace Serverless.Domain.Tests.Exports;

public sealed class BadRowTests
{
    [Fact]
    public async Task Each_kind_of_bad_call_is_skipped_and_listed_with_its_row_column_reason_and_value()
    {
        var file = CallsHeader                                                          // row 1
            + Call("c1", talk: "100")                                                   // 2 kept
            + Call("", talk: "100")                                                     // 3 missing call_id
            + Call("c3", talk: "-5")                                                    // 4 negative
            + Call("c4", acw: "86401")                                                  // 5 > 24 h
            + Call("c5", hold: "25:00:00")                                              // 6 > 24 h as H:mm:ss
            + Call("c6", start: "2025-03-01 10:00:00", end: "2025-03-01 09:59:59")      // 7 end before start
            + Call("c7", start: "2025-02-28 23:59:59", end: "2025-03-01 00:05:00")      // 8 previous day
            + Call("c1", talk: "100")                                                   // 9 duplicate of row 2
            + Call("c9", result: "hung-up")                                             // 10 unknown result
            + Call("c10", satisfaction: "很好")                                          // 11 unknown satisfaction
            + Call("c11", pushed: "maybe")                                              // 12 not a boolean
            + Call("c12", talk: "1m20s")                                                // 13 not a duration
            + Call("c13", start: "01/03/2025 09:00")                                    // 14 not a date-time
            + Call("c14", start: "2025-02-30 09:00:00")                                 // 15 no such day
            + Call("c15", agent: "")                                                    // 16 missing agent
            + Call("c16", talk: "0:00:40");                                             // 17 kept

        var result = await ReadAsync(file, ExportKind.Calls, Lenient);

        Assert.Equal(ImportOutcome.AcceptedWithErrors, result.Outcome);
        Assert.Equal(16, result.DataRows);
        Assert.Equal(2, result.AcceptedRows);
        Assert.Equal(14, result.BadRows);
        Assert.Equal(
            [
                new RowError(3, "call_id", RowErrorReasons.MissingValue, ""),
                new RowError(4, "talk_seconds", RowErrorReasons.NegativeDuration, "-5"),
                new RowError(5, "acw_seconds", RowErrorReasons.DurationOver24Hours, "86401"),
                new RowError(6, "hold_seconds", RowErrorReasons.DurationOver24Hours, "25:00:00"),
                new RowError(7, "end_time", RowErrorReasons.EndBeforeStart, "2025-03-01 09:59:59"),
                new RowError(8, "start_time", RowErrorReasons.StartNotOnFileDate, "2025-02-28 23:59:59"),
                new RowError(9, "call_id", RowErrorReasons.DuplicateCallId, "c1"),
                new RowError(10, "result", RowErrorReasons.UnknownValue, "hung-up"),
                new RowError(11, "satisfaction", RowErrorReasons.UnknownValue, "很好"),
                new RowError(12, "survey_pushed", RowErrorReasons.NotABoolean, "maybe"),
                new RowError(13, "talk_seconds", RowErrorReasons.NotADuration, "1m20s"),
                new RowError(14, "start_time", RowErrorReasons.NotADateTime, "01/03/2025 09:00"),
                new RowError(15, "start_time", RowErrorReasons.NotADateTime, "2025-02-30 09:00:00"),
                new RowError(16, "agent_id", RowErrorReasons.MissingValue, ""),
            ],
            result.RowErrors);
        var a1 = Assert.Single(result.Metrics);
        Assert.Equal(2, a1.AnsweredCalls);
        Assert.Equal(140, a1.TalkSeconds);
    }

    [Fact]
    public async Task A_call_exactly_24_hours_long_is_allowed()
    {
        var result = await ReadAsync(CallsHeader + Call("c1", talk: "24:00:00", end: "2025-03-02 09:00:00"), ExportKind.Calls);

        Assert.Equal(ImportOutcome.Accepted, result.Outcome);
        Assert.Equal(86400, Assert.Single(result.Metrics).TalkSeconds);
    }

    [Theory]
    [InlineData("2025-03-01 09:00:00", "2025-03-01 09:00:00", null, null)]
    [InlineData("2025-03-01 23:58:00", "2025-03-02 00:03:00", null, null)]                             // over midnight
    [InlineData("2025-03-01T10:00:00", "2025-03-01 09:59:59", "end_time", RowErrorReasons.EndBeforeStart)]
    [InlineData("2025-03-01 10:00:00", "2025/3/1 9:59:59", "end_time", RowErrorReasons.EndBeforeStart)]
    [InlineData("2025-03-01 10:00:00", "2025-02-28 23:00:00", "end_time", RowErrorReasons.EndBeforeStart)]
    [InlineData("2025-03-01 24:00:00", "2025-03-01 09:00:00", "start_time", RowErrorReasons.NotADateTime)]
    [InlineData("2025-03-01 09:60:00", "2025-03-01 10:00:00", "start_time", RowErrorReasons.NotADateTime)]
    [InlineData("2025-03-01 09:00:00", "2025-03-01 09:00:6x", "end_time", RowErrorReasons.NotADateTime)]
    [InlineData("2025-03-02 09:00:00", "2025-03-02 09:05:00", "start_time", RowErrorReasons.StartNotOnFileDate)]
    [InlineData("2025-03-01 08:00:00+07:00", "2025-03-01 09:05:00", null, null)]                       // 09:00 in Shanghai
    public async Task Start_and_end_times_are_checked_the_same_in_every_form(string start, string end, string? column, string? reason)
    {
        var result = await ReadAsync(CallsHeader + Call("c1", start: start, end: end), ExportKind.Calls, Lenient);

        if (reason is null)
        {
            Assert.Equal(1, result.AcceptedRows);
            Assert.Empty(result.RowErrors);
        }
        else
        {
            var error = Assert.Single(result.RowErrors);
            Assert.Equal((column, reason), (error.Column, error.Reason));
        }
    }

    [Fact]
    public async Task A_bad_first_copy_does_not_make_a_good_second_copy_a_duplicate()
    {
        var file = CallsHeader + Call("c1", talk: "-1") + Call("c1", talk: "60");

        var result = await ReadAsync(file, ExportKind.Calls, Lenient);

        Assert.Equal(60, Assert.Single(result.Metrics).TalkSeconds);
        Assert.Equal(RowErrorReasons.NegativeDuration, Assert.Single(result.RowErrors).Reason);
    }

    [Theory]
    [InlineData("serial")]  // prefixes repeat: kept as per-prefix bitmaps
    [InlineData("random")]  // prefixes do not repeat: moved to the flat table part-way through the file
    [InlineData("letters")] // not packable: kept as bytes
    public async Task Every_repeated_call_id_is_a_duplicate_whatever_the_ids_look_like(string form)
    {
        var random = new Random(7);
        var ids = Enumerable.Range(0, 20_000).Select(i => form switch
        {
            "serial" => $"20250301-{i:000000}",
            "random" => random.NextInt64(1, 10_000_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => $"CALL-{i:x}",
        }).ToList();
        // Every 100th id again, later in the file: some while the set is small, most after it has grown (or changed form).
        var repeats = ids.Where((_, i) => i % 100 == 0).ToList();
        var rows = ids.Take(10_000).Concat(repeats.Take(100)).Concat(ids.Skip(10_000)).Concat(repeats.Skip(100));
        var file = CallsHeader + string.Concat(rows.Select(id => Call(id)));

        var result = await ReadAsync(file, ExportKind.Calls, Lenient);

        Assert.Equal(20_000, result.AcceptedRows);
        Assert.Equal(repeats.Count, result.BadRows);
        Assert.All(result.RowErrors, e => Assert.Equal(RowErrorReasons.DuplicateCallId, e.Reason));
        Assert.Equal(repeats, result.RowErrors.Select(e => e.Value));
    }

    [Fact]
    public async Task Bad_rows_above_one_percent_reject_the_whole_file()
    {
        var good = string.Concat(Enumerable.Range(0, 98).Select(i => Call($"c{i}")));
        var file = CallsHeader + good + Call("x1", talk: "-1") + Call("x2", talk: "-2");

        var result = await ReadAsync(file, ExportKind.Calls);

        Assert.Equal(ImportOutcome.Rejected, result.Outcome);
        Assert.Equal("too many bad rows: 2 of 100 (2%) exceed the allowed 1%; nothing from this file is used", result.RejectionReason);
        Assert.Equal(2, result.BadRows);
        Assert.Equal([100, 101], result.RowErrors.Select(e => e.Row));
        Assert.Empty(result.Metrics);
    }

    [Fact]
    public async Task Bad_rows_at_exactly_one_percent_are_skipped_and_the_rest_accepted()
    {
        var good = string.Concat(Enumerable.Range(0, 99).Select(i => Call($"c{i}")));
        var file = CallsHeader + good + Call("x1", talk: "-1");

        var result = await ReadAsync(file, ExportKind.Calls);

        Assert.Equal(ImportOutcome.AcceptedWithErrors, result.Outcome);
        Assert.Equal(99, Assert.Single(result.Metrics).AnsweredCalls);
        Assert.Null(result.RejectionReason);
    }

    [Fact]
    public async Task Blank_lines_and_rows_of_empty_cells_are_not_data_rows()
    {
        var file = CallsHeader + Call("c1") + "\n,,,,,,,,,,\n\n" + Call("c2");

        var result = await ReadAsync(file, ExportKind.Calls);

        Assert.Equal(ImportOutcome.Accepted, result.Outcome);
        Assert.Equal(2, result.DataRows);
    }

    [Fact]
    public async Task A_row_with_bytes_that_are_not_UTF8_after_a_UTF8_start_is_a_bad_row()
    {
        // The encoding is decided from the first 64 KB; 1,000 calls of plain UTF-8 come first.
        var head = Utf8(CallsHeader + string.Concat(Enumerable.Range(0, 1000).Select(i => Call($"c{i}"))));
        Assert.True(head.Length > 64 * 1024);
        byte[] broken = [.. Utf8("c2,A1,2025-03-01 09:00:00,2025-03-01 09:05:00,60,0,0,answered,0,"), 0xC2, 0xFF, .. Utf8(",13800138000\n")];

        var result = await ReadAsync([.. head, .. broken], ExportKind.Calls);

        Assert.Equal(ImportOutcome.AcceptedWithErrors, result.Outcome);
        Assert.Equal("utf-8", result.Encoding);
        Assert.Equal(new RowError(1002, RowErrorReasons.WholeRow, RowErrorReasons.InvalidUtf8, ""), Assert.Single(result.RowErrors));
        Assert.Equal(1000, Assert.Single(result.Metrics).AnsweredCalls);
    }

    [Fact]
    public async Task Row_errors_past_the_listing_limit_are_counted_but_not_listed()
    {
        var file = CallsHeader + string.Concat(Enumerable.Range(0, 5).Select(i => Call($"c{i}", talk: "-1")));

        var result = await ReadAsync(file, ExportKind.Calls, Lenient with { MaxRowErrorsListed = 2 });

        Assert.Equal(5, result.BadRows);
        Assert.Equal(2, result.RowErrors.Count);
    }

    [Fact]
    public async Task Rows_dated_outside_the_files_day_are_bad_in_every_dated_kind()
    {
        var agentTime = await ReadAsync("agent_id,date,scheduled_seconds,signed_in_seconds,not_ready_seconds\nA1,2025-03-02,28800,28000,600\nA2,2025-03-01,28800,28000,600\n", ExportKind.AgentTime, Lenient);
        var quality = await ReadAsync("agent_id,date,error\nA1,2025/2/28,0\nA2,2025/3/1,1\n", ExportKind.Quality, Lenient);
        var awards = await ReadAsync("agent_id,date,item,level\nA1,2025-04-01,training,team\nA2,2025-03-01,training,team\n", ExportKind.Awards, Lenient);
        var workItems = await ReadAsync("agent_id,date,item_code,role\nA1,2024-03-01,W1,single\nA2,2025-03-01,W1,single\n", ExportKind.WorkItems, Lenient);

        foreach (var (result, value) in new[] { (agentTime, "2025-03-02"), (quality, "2025/2/28"), (awards, "2025-04-01"), (workItems, "2024-03-01") })
        {
            Assert.Equal(new RowError(2, "date", RowErrorReasons.DateNotFileDate, value), Assert.Single(result.RowErrors));
            Assert.Equal(1, result.AcceptedRows);
        }
    }

    [Fact]
    public async Task Unknown_enum_values_are_bad_in_awards_work_items_and_roster()
    {
        var awards = await ReadAsync("agent_id,date,item,level\nA1,2025-03-01,party,team\nA1,2025-03-01,培训,province\n", ExportKind.Awards, Lenient);
        var workItems = await ReadAsync("agent_id,date,item_code,role\nA1,2025-03-01,W1,lead\n", ExportKind.WorkItems, Lenient);
        var roster = await ReadAsync("agent_id,name,department,specialty,status\nA1,张三,营销,电费,休假\n", ExportKind.Roster, Lenient);

        Assert.Equal(
            [new RowError(2, "item", RowErrorReasons.UnknownValue, "party"), new RowError(3, "level", RowErrorReasons.UnknownValue, "province")],
            awards.RowErrors);
        Assert.Equal(new RowError(2, "role", RowErrorReasons.UnknownValue, "lead"), Assert.Single(workItems.RowErrors));
        Assert.Equal(new RowError(2, "status", RowErrorReasons.UnknownValue, "休假"), Assert.Single(roster.RowErrors));
    }
}
