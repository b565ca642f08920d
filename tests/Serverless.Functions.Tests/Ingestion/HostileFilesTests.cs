using Serverless.Application.Ports;
using Serverless.Domain.Exports;
using Serverless.Testing;
using Serverless.Testing.Exports;

namespace Serverless.Functions.Tests.Ingestion;

/// <summary>
/// Hostile exports (<see cref="HostileExports"/>: random bytes, mutated, truncated and corrupted files, huge fields,
/// control characters, bombs) dropped through the handler on Azurite: every one is answered (never a failed invocation),
/// gets a status row and a report, a rejected one stores nothing else, and no report or log line shows a caller's number
/// or an agent's name.
/// </summary>
/// <remarks>Two fixed seeds per way of making a file, each on its own day: a failure names the kind, the way and the seed.</remarks>
public sealed class HostileFilesTests(AzuriteFixture azurite) : IngestionTestBase(azurite)
{
    public static TheoryData<int> Ways() => [.. Enumerable.Range(0, HostileExports.Ways)];

    [Theory]
    [MemberData(nameof(Ways))]
    public async Task A_hostile_file_is_answered_with_a_report_and_a_rejected_one_stores_nothing_else(int way)
    {
        foreach (var seed in new[] { 1500 + way, 9100 + way })
        {
            var kind = HostileExports.Kinds[(seed + way) % HostileExports.Kinds.Length];
            var file = HostileExports.Make(kind, way, seed);
            var day = new DateOnly(2025, 3, 1).AddDays(way * 2 + (seed > 9000 ? 1 : 0));
            // The file's rows are dated 2025-03-01: on another day they are bad rows, which is hostile too.
            var blob = $"{kind.ToPathName()}/{day:yyyy-MM-dd}/hostile-{seed}.csv{(file.GzipPath ? ".gz" : "")}";

            var imported = await ImportAsync(blob, file.Bytes);

            Assert.True(Enum.IsDefined(imported.Status.Status), $"{file}: status {imported.Status.Status}");
            if (imported.Status.Status == ImportStatus.Rejected)
            {
                Assert.False(string.IsNullOrEmpty(imported.Status.RejectionReason), $"{file}: rejected without a reason");
                Assert.Empty(imported.Reply.ScoreRequests);
                imported.AssertChangedOnly();
            }
            var shown = string.Join("\n", [imported.Report.GetRawText(), .. imported.ErrorsCsv, .. Host.Logs.Lines]);
            Assert.False(shown.Contains(HostileExports.Caller, StringComparison.Ordinal), $"{file}: a caller's number in a report or log");
            Assert.False(System.Text.RegularExpressions.Regex.IsMatch(shown, "\"" + HostileExports.Name + @"\d"), $"{file}: an agent's name in a report or log");
        }
    }
}
