using Serverless.Domain.Scoring;
using System.Globalization;
using System.Text;
using Azure.Storage.Blobs;
using Serverless.Application.Ports;
using Serverless.LocalHost;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.EndToEnd.Tests;

/// <summary>Exports dropped into blob storage become ledger entries through the local host, Event Grid and Service Bus emulation included.</summary>
public sealed class ScoringEndToEndTests(LocalStackFixture fixture) : IClassFixture<LocalStackFixture>
{
    private LocalStack Stack => fixture.Stack;

    [Fact]
    public async Task A_calls_and_agent_time_pair_for_a_small_department_gives_the_expected_efficiency_entries()
    {
        var day = new DateOnly(2026, 9, 14);
        var exports = await Stack.ExportsAsync();
        // Three agents of one department and specialty (a group of 3: its own norm), each 20 calls on an 8-hour
        // schedule fully signed in, AHT 260, 300 and 340 s. So v = v_g and AHT_g = 300:
        //   E = 100 × (0.5 × 300/AHT + 0.5) → 107.69, 100, 94.12; points = 3 × (E − 80) / 40 → 2.08, 1.50, 1.06.
        var agents = new[] { ("E2S01", 230), ("E2S02", 270), ("E2S03", 310) };
        var (roster, calls, time) = DepartmentDay(day, "D-E2E", "S-E2E", agents);

        await exports.UploadBlobAsync($"roster/{day:yyyy-MM-dd}/e2e-scoring.csv", BinaryData.FromString(roster));
        await exports.UploadBlobAsync($"calls/{day:yyyy-MM-dd}/e2e-scoring.csv", BinaryData.FromString(calls));
        await exports.UploadBlobAsync($"agent-time/{day:yyyy-MM-dd}/e2e-scoring.csv", BinaryData.FromString(time));

        var ledger = new LedgerStore(StorageClients.FromConnectionString(Stack.StorageConnectionString));
        var expected = new Dictionary<string, decimal> { ["E2S01"] = 2.08m, ["E2S02"] = 1.50m, ["E2S03"] = 1.06m };
        // The three files may be imported in any order; the day settles once the last one's norms are in.
        var settled = await Eventually.WaitAsync(async () =>
        {
            var found = new Dictionary<string, StoredLedgerEntry>();
            foreach (var (agent, _) in agents)
            {
                var entries = await ledger.GetAsync(agent, day, day, CancellationToken.None);
                if (entries.FirstOrDefault(e => e.Entry.Rule == "efficiency") is not { } efficiency || efficiency.Entry.Points != expected[agent]) return null;
                found[agent] = efficiency;
            }
            return found;
        }, "the efficiency entries of the department");

        Assert.Equal("N=20 E=107.7 AHT=260 AHT_g=300 v=2.50 v_g=2.50 Ti/Ts=1.00 peers=group:3", settled!["E2S01"].Entry.Inputs);
        Assert.Equal("D-E2E", settled["E2S02"].Entry.Department);
        Assert.Equal(2, settled["E2S03"].ImportIds.Count);
        // The month row is written after the ledger: wait for it too.
        var months = new AgentMonthStore(StorageClients.FromConnectionString(Stack.StorageConnectionString));
        var month = await Eventually.WaitAsync(
            () => months.GetAsync("E2S01", Domain.Metrics.YearMonth.Of(day), CancellationToken.None),
            "the running month of E2S01");
        Assert.Equal(day, Assert.Single(month!.Days).Metrics.Date);
    }

    [Fact]
    public async Task The_same_calls_export_saved_twice_under_two_names_is_scored_once()
    {
        var day = new DateOnly(2026, 9, 15);
        var exports = await Stack.ExportsAsync();
        // The department of the test above on another day: the same figures when its calls count once (N=20), other
        // figures (N=40, the same E and points only by coincidence of ratios, so N is what tells) when twice.
        var agents = new[] { ("E2D01", 230), ("E2D02", 270), ("E2D03", 310) };
        var (roster, calls, time) = DepartmentDay(day, "D-DUP", "S-DUP", agents);

        await exports.UploadBlobAsync($"roster/{day:yyyy-MM-dd}/e2e-dup.csv", BinaryData.FromString(roster));
        await exports.UploadBlobAsync($"calls/{day:yyyy-MM-dd}/e2e-dup.csv", BinaryData.FromString(calls));
        await exports.UploadBlobAsync($"calls/{day:yyyy-MM-dd}/e2e-dup (1).csv", BinaryData.FromString(calls));
        await exports.UploadBlobAsync($"agent-time/{day:yyyy-MM-dd}/e2e-dup.csv", BinaryData.FromString(time));

        var storage = StorageClients.FromConnectionString(Stack.StorageConnectionString);
        // Whichever copy was imported first counts; the other is its duplicate.
        var imports = await Eventually.WaitAsync(async () =>
        {
            var rows = await new ImportLog(storage).ListAsync(day, Domain.Exports.ExportKind.Calls, null, CancellationToken.None);
            return rows.Count == 2 ? rows : null;
        }, "both calls imports");
        var duplicate = Assert.Single(imports!, r => r.Status == ImportStatus.Duplicate);
        var counted = Assert.Single(imports!, r => r.Status == ImportStatus.Accepted);
        Assert.Equal((counted.ImportId, counted.BlobName), (duplicate.DuplicateOf, duplicate.DuplicateOfBlob));

        var ledger = new LedgerStore(storage);
        var expected = new Dictionary<string, decimal> { ["E2D01"] = 2.08m, ["E2D02"] = 1.50m, ["E2D03"] = 1.06m };
        async Task<Dictionary<string, StoredLedgerEntry>?> EfficiencyAsync()
        {
            var found = new Dictionary<string, StoredLedgerEntry>();
            foreach (var (agent, _) in agents)
            {
                var entries = await ledger.GetAsync(agent, day, day, CancellationToken.None);
                if (entries.FirstOrDefault(e => e.Entry.Rule == "efficiency") is not { } efficiency || efficiency.Entry.Points != expected[agent]) return null;
                found[agent] = efficiency;
            }
            return found;
        }
        await Eventually.WaitAsync(EfficiencyAsync, "the efficiency entries of the department");
        await Stack.WaitUntilQuietAsync("ScoreAgentDays", "score-requests", TimeSpan.FromSeconds(2));

        var settled = await EfficiencyAsync();
        Assert.NotNull(settled);
        Assert.StartsWith("N=20 ", settled["E2D01"].Entry.Inputs, StringComparison.Ordinal);
        Assert.DoesNotContain(duplicate.ImportId, settled["E2D01"].ImportIds);
        Assert.Contains(counted.ImportId, settled["E2D01"].ImportIds);
    }

    /// <summary>
    /// One department and specialty's day: the roster, 20 calls an agent (talk as given, 30 s after-call work) and a
    /// fully signed-in 8-hour schedule with 1,000 s not ready and adherence 0.97.
    /// </summary>
    private static (string Roster, string Calls, string Time) DepartmentDay(DateOnly day, string department, string specialty, (string Agent, int Talk)[] agents)
    {
        var roster = new StringBuilder("agent_id,name,department,specialty,team,hire_date,status\r\n");
        var calls = new StringBuilder("call_id,agent_id,start_time,end_time,talk_seconds,hold_seconds,acw_seconds,caller\r\n");
        var time = new StringBuilder("agent_id,date,scheduled_seconds,signed_in_seconds,not_ready_seconds,adherence\r\n");
        foreach (var (agent, talk) in agents)
        {
            roster.Append(CultureInfo.InvariantCulture, $"{agent},Test {agent},{department},{specialty},T1,2020-01-01,active\r\n");
            for (var i = 0; i < 20; i++)
            {
                var start = day.ToDateTime(new TimeOnly(9, 0)).AddMinutes(15 * i);
                calls.Append(CultureInfo.InvariantCulture, $"{agent}-{i},{agent},{start:yyyy-MM-dd HH:mm:ss},{start.AddSeconds(talk + 30):yyyy-MM-dd HH:mm:ss},{talk},0,30,1990000{i:0000}\r\n");
            }
            time.Append(CultureInfo.InvariantCulture, $"{agent},{day:yyyy-MM-dd},28800,28800,1000,0.97\r\n");
        }
        return (roster.ToString(), calls.ToString(), time.ToString());
    }
}
