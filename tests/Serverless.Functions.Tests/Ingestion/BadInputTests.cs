using System.IO.Compression;
using System.Text;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Ingestion;

/// <summary>
/// The bad-input corpus through the real handler on Azurite. Each case states exactly what was kept (the stored
/// metrics), what the report says (JSON and CSV), the status row, and that nothing else in storage changed.
/// </summary>
public sealed class BadInputTests(AzuriteFixture azurite) : IngestionTestBase(azurite)
{
    private const string Header = "call_id,agent_id,start_time,end_time,talk_seconds,hold_seconds,acw_seconds,result,survey_pushed,satisfaction,caller\n";
    private const int GoodRows = 1000;

    private static int _day;

    /// <summary>Each case gets its own business day so cases never see each other's rows.</summary>
    private static DateOnly NextDay() => new DateOnly(2026, 3, 1).AddDays(Interlocked.Increment(ref _day));

    /// <summary><see cref="GoodRows"/> good calls of agent G1 (rows 2..1001), then <paramref name="bad"/> (rows 1002..).</summary>
    private static byte[] Calls(DateOnly day, params string[] bad)
    {
        var csv = new StringBuilder(Header);
        for (var i = 1; i <= GoodRows; i++)
        {
            csv.Append($"g{i},G1,{day:yyyy-MM-dd} 09:00:00,{day:yyyy-MM-dd} 09:05:00,200,0,30,answered,0,,1380013{i:0000}\n");
        }
        foreach (var row in bad) csv.Append(row).Append('\n');
        return Utf8(csv.ToString());
    }

    private static string Bad(DateOnly day, string id = "b1", string start = "10:00:00", string end = "10:05:00", string talk = "200", string result = "answered", DateOnly? startDay = null) =>
        $"{id},B1,{startDay ?? day:yyyy-MM-dd} {start},{day:yyyy-MM-dd} {end},{talk},0,30,{result},0,,13900139000";

    private static AgentDayMetrics G1(DateOnly day) => new()
    {
        AgentId = "G1",
        Date = day,
        AnsweredCalls = GoodRows,
        TalkSeconds = 200L * GoodRows,
        AfterCallWorkSeconds = 30L * GoodRows,
        // Every good row has its own caller number: all identified, none called again.
        IdentifiedCalls = GoodRows,
    };

    /// <summary>The good rows are kept, the bad ones reported exactly (JSON and CSV), and only the import's own keys and G1's metrics changed.</summary>
    private async Task AssertBadRowsSkippedAsync(DateOnly day, byte[] bytes, params string[] reported)
    {
        var imported = await ImportAsync($"calls/{day:yyyy-MM-dd}/center.csv", bytes);

        Assert.Equal(ImportStatus.AcceptedWithErrors, imported.Status.Status);
        Assert.Equal(GoodRows + reported.Length, imported.Status.DataRows);
        Assert.Equal(GoodRows, imported.Status.AcceptedRows);
        Assert.Equal(reported.Length, imported.Status.BadRows);
        Assert.Equal(reported, imported.ReportedRows);
        Assert.Equal(reported.Select(AsCsv), imported.ErrorsCsv);
        Assert.Equal([G1(day)], imported.Metrics);
        Assert.Equal(["G1"], imported.Reply.AgentsToScore);
        // Kept although G1 is on no roster: scored as unassigned, and reported.
        Assert.Equal(1, imported.Report.GetProperty("unknownAgents").GetInt32());
        Assert.Equal("G1", Assert.Single(imported.Report.GetProperty("unknownAgentIds").EnumerateArray()).GetString());
        imported.AssertChangedOnly(imported.MetricKeys("G1"));
    }

    /// <summary>A reported row as the errors CSV writes it (values escaped against formula injection).</summary>
    private static string AsCsv(string reported)
    {
        var parts = reported.Split(',', 4);
        return $"{parts[0]},{parts[1]},{parts[2]},{Serverless.Storage.CsvCell.Escape(parts[3])}";
    }

    /// <summary>The file is rejected whole with this reason: no metrics, no head, nothing but the status row and the report.</summary>
    private async Task<Imported> AssertRejectedAsync(string blobName, byte[] bytes, string reason)
    {
        var imported = await ImportAsync(blobName, bytes);

        Assert.Equal(ImportStatus.Rejected, imported.Status.Status);
        Assert.Equal(reason, imported.Status.RejectionReason);
        Assert.Equal(reason, imported.Report.GetProperty("rejectionReason").GetString());
        Assert.Equal("Rejected", imported.Report.GetProperty("status").GetString());
        Assert.Empty(imported.Metrics);
        Assert.Empty(imported.Reply.ScoreRequests);
        imported.AssertChangedOnly();
        return imported;
    }

    [Fact]
    public async Task A_negative_duration_skips_its_row()
    {
        var day = NextDay();
        await AssertBadRowsSkippedAsync(day, Calls(day, Bad(day, talk: "-5")), "1002,talk_seconds,negative duration,-5");
    }

    [Fact]
    public async Task A_duration_over_24_hours_skips_its_row()
    {
        var day = NextDay();
        await AssertBadRowsSkippedAsync(day, Calls(day, Bad(day, talk: "90000"), Bad(day, id: "b2", talk: "25:00:00")),
            "1002,talk_seconds,duration over 24 h,90000", "1003,talk_seconds,duration over 24 h,25:00:00");
    }

    [Fact]
    public async Task An_end_before_the_start_skips_its_row()
    {
        var day = NextDay();
        await AssertBadRowsSkippedAsync(day, Calls(day, Bad(day, start: "10:05:00", end: "10:00:00")),
            $"1002,end_time,end before start,{day:yyyy-MM-dd} 10:00:00");
    }

    [Fact]
    public async Task A_call_that_started_on_another_day_skips_its_row()
    {
        var day = NextDay();
        await AssertBadRowsSkippedAsync(day, Calls(day, Bad(day, startDay: day.AddDays(-1), start: "23:59:00")),
            $"1002,start_time,start is not on the file's date,{day.AddDays(-1):yyyy-MM-dd} 23:59:00");
    }

    [Fact]
    public async Task A_duplicate_call_id_skips_the_second_copy()
    {
        var day = NextDay();
        await AssertBadRowsSkippedAsync(day, Calls(day, Bad(day, id: "g5")), "1002,call_id,duplicate call_id,g5");
    }

    [Fact]
    public async Task Unknown_enum_values_skip_their_rows()
    {
        var day = NextDay();
        var satisfaction = $"b2,B1,{day:yyyy-MM-dd} 10:00:00,{day:yyyy-MM-dd} 10:05:00,200,0,30,answered,1,很好,13900139000";
        await AssertBadRowsSkippedAsync(day, Calls(day, Bad(day, result: "hung-up"), satisfaction),
            "1002,result,unknown value,hung-up", "1003,satisfaction,unknown value,很好");
    }

    [Fact]
    public async Task A_row_with_bytes_that_are_not_UTF8_is_skipped_without_showing_them()
    {
        var day = NextDay();
        // Past the encoding sniff (64 KiB of good UTF-8), a row carrying bytes no UTF-8 writer makes.
        byte[] bytes = [.. Calls(day), .. Utf8($"b1,B1,{day:yyyy-MM-dd} 10:00:00,{day:yyyy-MM-dd} 10:05:00,200,0,30,answered,0,,"), 0xFF, 0xFE, 0x31, (byte)'\n'];
        await AssertBadRowsSkippedAsync(day, bytes, "1002,(row),invalid UTF-8 bytes,");
    }

    [Fact]
    public async Task Too_many_bad_rows_reject_the_file_and_still_list_them()
    {
        var day = NextDay();
        var csv = Header + $"g1,G1,{day:yyyy-MM-dd} 09:00:00,{day:yyyy-MM-dd} 09:05:00,200,0,30,answered,0,,13800138000\n" + Bad(day, talk: "-1") + "\n";

        var imported = await AssertRejectedAsync($"calls/{day:yyyy-MM-dd}/center.csv", Utf8(csv),
            "too many bad rows: 1 of 2 (50%) exceed the allowed 1%; nothing from this file is used");

        // In the CSV a leading '-' is quoted so a spreadsheet never takes the value for a formula.
        Assert.Equal(["3,talk_seconds,negative duration,'-1"], imported.ErrorsCsv);
        Assert.Equal((2, 1, 1), (imported.Status.DataRows, imported.Status.AcceptedRows, imported.Status.BadRows));
    }

    [Fact]
    public async Task Missing_required_columns_reject_the_file_naming_them_and_the_headers_seen()
    {
        var day = NextDay();
        var csv = $"坐席工号,开始时间,通话时长,备注\nA1,{day:yyyy-MM-dd} 09:00:00,200,x\n";

        var imported = await AssertRejectedAsync($"calls/{day:yyyy-MM-dd}/center.csv", Utf8(csv),
            "missing required columns: call_id (话务流水号), end_time (结束时间); headers seen: 坐席工号, 开始时间, 通话时长, 备注");

        Assert.Equal(["call_id", "end_time"], imported.Report.GetProperty("missingColumns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["坐席工号", "开始时间", "通话时长", "备注"], imported.Report.GetProperty("headersSeen").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Bytes_that_are_neither_UTF8_nor_GB18030_reject_the_file()
    {
        var day = NextDay();
        byte[] bytes = [.. Utf8(Header), 0xFF, 0xFF, 0x41, 0x0A];

        await AssertRejectedAsync($"calls/{day:yyyy-MM-dd}/center.csv", bytes,
            "the file is neither UTF-8 nor GB18030 text; save it again as CSV UTF-8");
    }

    [Fact]
    public async Task An_empty_file_is_rejected()
    {
        var day = NextDay();
        await AssertRejectedAsync($"calls/{day:yyyy-MM-dd}/center.csv", [], "empty file");
    }

    [Fact]
    public async Task A_header_only_file_is_accepted_with_nothing_to_store()
    {
        var day = NextDay();

        var imported = await ImportAsync($"calls/{day:yyyy-MM-dd}/center.csv", Utf8(Header));

        Assert.Equal(ImportStatus.Accepted, imported.Status.Status);
        Assert.Equal((0, 0, 0), (imported.Status.DataRows, imported.Status.AcceptedRows, imported.Status.BadRows));
        Assert.Empty(imported.Metrics);
        Assert.Empty(imported.Reply.ScoreRequests);
        // It is now the file in force for the slot (a later correction supersedes it), and stores nothing else.
        imported.AssertChangedOnly([$"ImportHeads/{day:yyyy-MM-dd}/calls|center"]);
    }

    [Fact]
    public async Task A_gzip_bomb_is_rejected_by_its_ratio()
    {
        var day = NextDay();
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(Utf8(Header));
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++) gzip.Write(zeros);
        }

        await AssertRejectedAsync($"calls/{day:yyyy-MM-dd}/center.csv.gz", output.ToArray(),
            "the gzip file inflates more than 200 times its size (a gzip bomb); export it again");
    }

    [Fact]
    public async Task A_ten_megabyte_single_line_rejects_the_file()
    {
        var day = NextDay();
        var line = new byte[10 << 20];
        Array.Fill(line, (byte)'7');
        byte[] bytes = [.. Utf8(Header + $"g1,G1,{day:yyyy-MM-dd} 09:00:00,{day:yyyy-MM-dd} 09:05:00,200,0,30,answered,0,,13800138000\n"), .. line];

        await AssertRejectedAsync($"calls/{day:yyyy-MM-dd}/center.csv", bytes,
            "record 3 is longer than 1048576 bytes (a missing line break or an unclosed quote); the file is broken, export it again");
    }

    [Fact]
    public async Task A_rejected_correction_leaves_the_file_in_force_untouched()
    {
        var day = NextDay();
        var first = await ImportAsync($"calls/{day:yyyy-MM-dd}/center.csv", Calls(day));

        var second = await ImportAsync($"calls/{day:yyyy-MM-dd}/center.csv", []);

        Assert.Equal(ImportStatus.Rejected, second.Status.Status);
        Assert.Equal([G1(day)], second.Metrics);
        Assert.Null(second.Status.Supersedes);
        Assert.Empty(second.Reply.ScoreRequests);
        second.AssertChangedOnly();
        Assert.Equal(first.Status.ImportId, (await Host.StatusesAsync(Serverless.Domain.Exports.ExportKind.Calls, day)).Single(s => s.Status == ImportStatus.Accepted).ImportId);
    }
}
