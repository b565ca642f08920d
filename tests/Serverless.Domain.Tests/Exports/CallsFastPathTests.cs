using System.Text;
using System.Text.Json;
using Serverless.Domain.Exports;
using static Serverless.Domain.Tests.Exports.ExportFiles;

namespace Serverless.Domain.Tests.Exports;

/// <summary>
/// The calls reader tries each value untrimmed in the exporter's own spelling first and trims only what that fails on
/// (then the general parser decides). Padding a value with spaces or tabs always fails the fast form, so the same rows
/// padded go the general way: the two files must read to exactly the same result, row errors and totals included.
/// </summary>
public sealed class CallsFastPathTests
{
    private const string Header = "call_id,agent_id,start_time,end_time,talk_seconds,hold_seconds,acw_seconds,skill,result,help_requested,survey_pushed,satisfaction,caller\n";

    // Per column: usual forms, other accepted forms, bad values, empty and blank.
    private static readonly string[][] Values =
    [
        ["A1", "A2", "A000123", "B 7", "", "A/1", "A#2", "a-very-long-agent-id-of-more-than-sixty-four-bytes-which-is-too-long-x", "工号7"],
        ["2025-03-01 09:00:00", "2025-03-01 23:59:59", "2025-03-01 9:00", "2025/3/1 09:00:00", "2025-03-01T01:00:00Z", "2025-02-28 09:00:00", "2025-03-01 24:00:00", "bad", ""],
        ["2025-03-01 09:05:00", "2025-03-01 08:00:00", "2025-03-02 00:10:00", "2025/3/1 9:06", "2025-03-01 09:05", "x", ""],
        ["200", "0", "5", "9999", "12345", "90000", "0:02:00", "-5", "-0", "2a", "", "0200"],
        ["0", "30", "", "1:00:00", "x", "-0", "99999", "007"],
        ["30", "", "0", "0:01:00", "--", "86400", "86401"],
        ["spec-01", ""],
        ["answered", "ANSWERED", "Answered", "abandoned", "transferred", "已接听", "转接", "放弃", "", "weird", "answered!"],
        ["0", "1", "", "Y", "no", "是", "否", "2", "true", "01"],
        ["1", "0", "", "N", "yes", "FALSE", "x"],
        ["", "satisfied", "Satisfied", "满意", "非常满意", "neutral", "一般", "dissatisfied", "不满意", "bad", "satisfied."],
        ["13800138000", ""],
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Padding_values_never_changes_what_a_calls_file_reads_to(int seed)
    {
        var random = new Random(seed);
        var plain = new StringBuilder(Header);
        var padded = new StringBuilder(Header);
        for (var row = 0; row < 4_000; row++)
        {
            // Mostly usual rows (the fast path), each value swapped for another of its column now and then.
            var id = random.Next(10) == 0 ? $"c{random.Next(row + 1)}" : random.Next(50) == 0 ? "" : $"2025030{row % 10}-{row:000000}";
            var fields = new List<string> { id };
            foreach (var column in Values)
            {
                fields.Add(random.Next(4) == 0 ? column[random.Next(column.Length)] : column[0]);
            }
            plain.Append(string.Join(',', fields)).Append('\n');
            padded.Append(string.Join(',', fields.Select(v => Pad(v, random)))).Append('\n');
        }
        var options = new ExportReadOptions { MaxBadRowShare = 1, MaxRowErrorsListed = 10_000 };

        var expected = await ReadAsync(plain.ToString(), ExportKind.Calls, options);
        var actual = await ReadAsync(padded.ToString(), ExportKind.Calls, options);

        Assert.True(expected.AcceptedRows > 1_000, "most rows should be good ones");
        Assert.True(expected.BadRows > 100, "some rows should be bad ones");
        Assert.Equal(Comparable(expected), Comparable(actual));
    }

    [Fact]
    public async Task An_agent_id_that_packs_like_a_known_one_is_still_checked()
    {
        // Agents already seen skip the id checks; "A1" followed by a 0 byte packs into the same word as "A1".
        var file = CallsHeader + Call("c1", agent: "A1") + Call("c2", agent: "A1\0") + Call("c3", agent: "A1\u0001");

        var result = await ReadAsync(file, ExportKind.Calls, new ExportReadOptions { MaxBadRowShare = 1 });

        Assert.Equal(1, result.AcceptedRows);
        Assert.Equal([3, 4], result.RowErrors.Select(e => e.Row));
        Assert.All(result.RowErrors, e => Assert.Equal(RowErrorReasons.NotAnId, e.Reason));
    }

    [Fact]
    public async Task Rows_are_still_checked_for_UTF8_once_the_first_non_ASCII_byte_has_been_read()
    {
        // Records skip the per-record check while the file has been all ASCII (AsciiWatchStream): here ~200 KB of
        // ASCII, then a valid non-ASCII row, a broken one, and ASCII again, each past a buffer boundary.
        string Calls(int from) => string.Concat(Enumerable.Range(from, 2000).Select(i => Call($"c{i}")));
        byte[] file =
        [
            .. Utf8(CallsHeader + Calls(0)),
            .. Utf8(Call("x1", agent: "工号7")),
            .. Utf8(Calls(2000)),
            .. Utf8("x2,A1,2025-03-01 09:00:00,2025-03-01 09:05:00,60,0,0,answered,0,"), 0xE5, 0xB7, .. Utf8(",13800138000\n"),
            .. Utf8(Calls(4000)),
        ];

        var result = await ReadAsync(file, ExportKind.Calls);

        Assert.Equal(6001, result.AcceptedRows);
        Assert.Equal(new RowError(2 + 2000 + 1 + 2000, RowErrorReasons.WholeRow, RowErrorReasons.InvalidUtf8, ""), Assert.Single(result.RowErrors));
        Assert.Contains(result.Metrics, m => m.AgentId == "工号7");
    }

    private static string Pad(string value, Random random) => random.Next(3) switch
    {
        0 => value,
        1 => " " + value + "\t",
        _ => new string(' ', random.Next(1, 3)) + value + new string('\t', random.Next(0, 2)) + " ",
    };

    // Everything but what depends on the bytes themselves (hash, size).
    private static string Comparable(ExportReadResult result) =>
        JsonSerializer.Serialize(result with { ContentHash = "", RawBytes = 0 });
}
