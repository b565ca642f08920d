using System.IO.Compression;
using Serverless.Domain.Exports;
using static Serverless.Domain.Tests.Exports.ExportFiles;

namespace Serverless.Domain.Tests.Exports;

public sealed class FileRejectionTests
{
    [Fact]
    public async Task An_empty_file_is_rejected()
    {
        var result = await ReadAsync([], ExportKind.Calls);

        Assert.Equal(ImportOutcome.Rejected, result.Outcome);
        Assert.Equal(RejectionReasons.EmptyFile, result.RejectionReason);
        Assert.Equal(ContentHashOf([]), result.ContentHash);
    }

    [Fact]
    public async Task A_file_holding_only_a_byte_order_mark_is_empty()
    {
        var result = await ReadAsync(Utf8Bom(""), ExportKind.Calls);

        Assert.Equal(RejectionReasons.EmptyFile, result.RejectionReason);
    }

    [Fact]
    public async Task A_header_only_file_is_accepted_with_no_rows()
    {
        var result = await ReadAsync(CallsHeader, ExportKind.Calls);

        Assert.Equal(ImportOutcome.Accepted, result.Outcome);
        Assert.Equal(0, result.DataRows);
        Assert.Empty(result.Metrics);
        Assert.Equal(11, result.HeadersSeen.Count);
    }

    [Fact]
    public async Task Missing_required_columns_reject_the_file_naming_them_and_the_headers_seen()
    {
        var result = await ReadAsync("坐席工号,开始时间,通话时长,备注\nA1,2025-03-01 09:00:00,60,x\n", ExportKind.Calls);

        Assert.Equal(ImportOutcome.Rejected, result.Outcome);
        Assert.Equal(["call_id", "end_time"], result.MissingColumns);
        Assert.Equal(["坐席工号", "开始时间", "通话时长", "备注"], result.HeadersSeen);
        Assert.Equal("missing required columns: call_id (话务流水号), end_time (结束时间); headers seen: 坐席工号, 开始时间, 通话时长, 备注", result.RejectionReason);
        Assert.Empty(result.Metrics);
    }

    [Fact]
    public async Task Bytes_that_are_neither_UTF8_nor_GB18030_reject_the_file()
    {
        byte[] bytes = [.. Utf8("call_id,agent_id\n"), 0xFF, 0xFF, 0x41, 0x0A];

        var result = await ReadAsync(bytes, ExportKind.Calls);

        Assert.Equal(ImportOutcome.Rejected, result.Outcome);
        Assert.Equal(RejectionReasons.NotText, result.RejectionReason);
        Assert.Null(result.Encoding);
        Assert.Equal(ContentHashOf(bytes), result.ContentHash);
    }

    [Fact]
    public async Task UTF16_is_not_accepted_as_text()
    {
        var result = await ReadAsync([.. System.Text.Encoding.Unicode.GetPreamble(), .. System.Text.Encoding.Unicode.GetBytes(CallsHeader)], ExportKind.Calls);

        Assert.Equal(RejectionReasons.NotText, result.RejectionReason);
    }

    [Fact]
    public async Task A_gzip_bomb_is_rejected_by_its_ratio_without_inflating_it()
    {
        var bomb = ZerosGzipped(256L << 20);

        var result = await ReadAsync(bomb, ExportKind.Calls, gzip: true);

        Assert.Equal(ImportOutcome.Rejected, result.Outcome);
        Assert.Equal("the gzip file inflates more than 200 times its size (a gzip bomb); export it again", result.RejectionReason);
        // Rejected early, yet every stored byte is hashed.
        Assert.Equal(bomb.Length, result.RawBytes);
        Assert.Equal(ContentHashOf(bomb), result.ContentHash);
    }

    [Fact]
    public async Task A_gzip_file_inflating_past_the_size_bound_is_rejected()
    {
        var rows = CallsHeader + string.Concat(Enumerable.Range(0, 2000).Select(i => Call($"c{i}")));

        var result = await ReadAsync(Gzip(Utf8(rows)), ExportKind.Calls, new ExportReadOptions { MaxDecompressedBytes = 100_000 }, gzip: true);

        Assert.Equal(ImportOutcome.Rejected, result.Outcome);
        Assert.Equal("the gzip file inflates past 100000 bytes (a gzip bomb or an export far too large); split it by day and source", result.RejectionReason);
        Assert.Empty(result.Metrics);
    }

    [Fact]
    public async Task A_gzip_file_cut_short_is_rejected_not_read_as_a_shorter_file()
    {
        var whole = Gzip(Utf8(CallsHeader + string.Concat(Enumerable.Range(1, 200).Select(i => Call($"c{i}")))));

        var cut = await ReadAsync(whole[..(whole.Length * 2 / 3)], ExportKind.Calls, gzip: true);
        var trailerMissing = await ReadAsync(whole[..^8], ExportKind.Calls, gzip: true);
        var twoMembers = await ReadAsync([.. whole, .. Gzip(Utf8(Call("c201")))], ExportKind.Calls, gzip: true);
        var empty = await ReadAsync(Gzip([]), ExportKind.Calls, gzip: true);

        Assert.Equal((ImportOutcome.Rejected, RejectionReasons.GzipTruncated), (cut.Outcome, cut.RejectionReason));
        Assert.Equal((ImportOutcome.Rejected, RejectionReasons.GzipTruncated), (trailerMissing.Outcome, trailerMissing.RejectionReason));
        Assert.Equal((ImportOutcome.Rejected, RejectionReasons.GzipTruncated), (twoMembers.Outcome, twoMembers.RejectionReason));
        Assert.Equal((ImportOutcome.Rejected, RejectionReasons.EmptyFile), (empty.Outcome, empty.RejectionReason));
        Assert.Equal(ImportOutcome.Accepted, (await ReadAsync(whole, ExportKind.Calls, gzip: true)).Outcome);
    }

    [Fact]
    public async Task A_gz_file_that_is_not_gzip_is_rejected()
    {
        var result = await ReadAsync(Utf8(CallsHeader), ExportKind.Calls, gzip: true);

        Assert.Equal(RejectionReasons.NotGzip, result.RejectionReason);
    }

    [Fact]
    public async Task A_ten_megabyte_line_without_a_break_is_rejected()
    {
        var line = new byte[10 << 20];
        Array.Fill(line, (byte)'7');

        var result = await ReadAsync([.. Utf8(CallsHeader + Call("c1")), .. line], ExportKind.Calls);

        Assert.Equal(ImportOutcome.Rejected, result.Outcome);
        Assert.Equal("record 3 is longer than 1048576 bytes (a missing line break or an unclosed quote); the file is broken, export it again", result.RejectionReason);
        Assert.Empty(result.Metrics);
    }

    [Fact]
    public async Task An_unclosed_quote_is_a_broken_file_not_a_giant_field()
    {
        var rest = string.Concat(Enumerable.Range(0, 20_000).Select(i => Call($"c{i}")));

        var result = await ReadAsync(CallsHeader + "\"c0," + rest, ExportKind.Calls, new ExportReadOptions { MaxLineBytes = 64 * 1024 });

        Assert.Equal(ImportOutcome.Rejected, result.Outcome);
        Assert.StartsWith("record 2 is longer than 65536 bytes", result.RejectionReason, StringComparison.Ordinal);
    }

    // A bomb built as a stream: the zeros are never held in memory, only their compressed form.
    private static byte[] ZerosGzipped(long length)
    {
        var zeros = new byte[1 << 20];
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (long written = 0; written < length; written += zeros.Length)
            {
                gzip.Write(zeros);
            }
        }
        return output.ToArray();
    }
}
