using System.Text;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Ingestion;

/// <summary>Caller numbers are dropped at the parser: no stored entity, blob (outside the dropped exports) or log line ever holds one.</summary>
public sealed class PrivacyTests(AzuriteFixture azurite) : IngestionTestBase(azurite)
{
    private static readonly string[] Callers = ["13912345671", "13912345672", "13912345673", "13912345674", "13912345675", "13912345676"];

    [Fact]
    public async Task No_caller_number_is_stored_or_logged_whatever_becomes_of_the_file()
    {
        const string header = "call_id,agent_id,start_time,end_time,talk_seconds,caller\n";
        var good = new StringBuilder(header);
        for (var i = 0; i < 200; i++) good.Append($"p{i},P1,2026-07-01 09:00:00,2026-07-01 09:05:00,60,{Callers[0]}\n");
        // A bad row beside a caller, a caller quoted with the delimiter, a file without its header line
        // (its first row, caller included, is all the reader sees as headers), a GB18030 copy.
        good.Append($"p-bad,P1,2026-07-01 09:00:00,2026-07-01 08:00:00,60,{Callers[1]}\n");
        good.Append($"p-q,P2,2026-07-01 09:00:00,2026-07-01 09:05:00,60,\"{Callers[2]}, ext 1\"\n");
        var headerless = $"h1,P3,2026-07-01 09:00:00,2026-07-01 09:05:00,60,{Callers[3]}\n";
        var tooManyBad = header + $"t1,P4,2026-07-01 09:00:00,2026-07-01 09:05:00,-60,{Callers[4]}\n";
        var chinese = $"话务流水号,坐席工号,开始时间,结束时间,通话时长,主叫号码\r\nz1,P5,2026-07-01 09:00:00,2026-07-01 09:05:00,60,{Callers[5]}\r\n";

        var imports = new[]
        {
            await ImportAsync("calls/2026-07-01/good.csv", Utf8(good.ToString())),
            await ImportAsync("calls/2026-07-01/headerless.csv", Utf8(headerless)),
            await ImportAsync("calls/2026-07-01/bad.csv", Utf8(tooManyBad)),
            await ImportAsync("calls/2026-07-01/chinese.csv.gz", Gzip(Gb18030.GetBytes(chinese))),
        };

        Assert.Equal(["AcceptedWithErrors", "Rejected", "Rejected", "Accepted"], imports.Select(i => i.Status.Status.ToString()));
        // Everything but the dropped exports themselves (which hold the numbers by definition).
        var stored = (await StorageSnapshot.TakeAsync(Host.Storage)).AllText(Serverless.Storage.Containers.Exports).ToList();
        // Prove the scan sees what the imports wrote.
        Assert.Contains(stored, text => text.Contains("end before start", StringComparison.Ordinal));
        Assert.NotEmpty(Host.Logs.Lines);
        var replies = imports.SelectMany(i => i.Reply.Logs.Concat(i.Reply.ScoreRequests.Select(m => m.GetRawText())));
        foreach (var caller in Callers)
        {
            // The last 8 digits: a number stored with a prefix, spaces or a country code still matches.
            var digits = caller[^8..];
            Assert.DoesNotContain(stored, text => text.Contains(digits, StringComparison.Ordinal));
            Assert.DoesNotContain(Host.Logs.Lines, line => line.Contains(digits, StringComparison.Ordinal));
            Assert.DoesNotContain(replies, line => line.Contains(digits, StringComparison.Ordinal));
        }
    }
}
