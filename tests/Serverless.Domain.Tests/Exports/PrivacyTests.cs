using System.Text.Json;
using Serverless.Domain.Exports;
using static Serverless.Domain.Tests.Exports.ExportFiles;

namespace Serverless.Domain.Tests.Exports;

public sealed class PrivacyTests
{
    private const string CallerNumber = "13812345678";

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.0)]
    public async Task No_part_of_the_result_holds_the_caller_number(double maxBadRowShare)
    {
        var file = CallsHeader
            + Call("c1", caller: CallerNumber)
            + Call("c2", caller: CallerNumber, talk: "-1")                     // bad row in a row holding the caller
            + Call("c1", caller: CallerNumber)                                 // duplicate
            + $"c4,A1,2025-03-01 09:00:00,2025-03-01 09:05:00,60,0,0,answered,0,,\"{CallerNumber}\",extra\n";

        var result = await ReadAsync(file, ExportKind.Calls, new ExportReadOptions { MaxBadRowShare = maxBadRowShare });

        Assert.Contains("caller", result.HeadersSeen);
        Assert.DoesNotContain(CallerNumber, JsonSerializer.Serialize(result), StringComparison.Ordinal);
        Assert.DoesNotContain("12345678", JsonSerializer.Serialize(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_with_unreadable_bytes_is_reported_without_its_content()
    {
        var head = Utf8(CallsHeader + string.Concat(Enumerable.Range(0, 1000).Select(i => Call($"c{i}"))));
        byte[] broken = [.. Utf8($"x,A1,2025-03-01 09:00:00,2025-03-01 09:05:00,60,0,0,\xFF,0,,{CallerNumber}\n")];
        broken[Array.IndexOf(broken, (byte)0xC3)] = 0xFF; // make the row invalid UTF-8

        var result = await ReadAsync([.. head, .. broken], ExportKind.Calls);

        Assert.Equal("", Assert.Single(result.RowErrors).Value);
        Assert.DoesNotContain(CallerNumber, JsonSerializer.Serialize(result), StringComparison.Ordinal);
    }
}
