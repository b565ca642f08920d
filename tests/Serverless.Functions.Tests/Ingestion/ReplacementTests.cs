using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Ingestion;

/// <summary>
/// Idempotency through the handler on Azurite: a corrected file replaces what the earlier one stored (never adds),
/// the same bytes again do nothing, and a redelivered event changes nothing in storage.
/// </summary>
public sealed class ReplacementTests(AzuriteFixture azurite) : IngestionTestBase(azurite)
{
    private static string Calls(DateOnly day, params (string Id, string Agent, int Talk)[] calls) =>
        "call_id,agent_id,start_time,end_time,talk_seconds,acw_seconds,caller\n" +
        string.Concat(calls.Select(c => $"{c.Id},{c.Agent},{day:yyyy-MM-dd} 09:00:00,{day:yyyy-MM-dd} 09:10:00,{c.Talk},20,13700137000\n"));

    private static readonly (string, string, int)[] First = [("c1", "A", 100), ("c2", "A", 200), ("c3", "B", 300), ("c4", "C", 400)];

    // A's calls corrected, B's row withdrawn, C unchanged, D added.
    private static readonly (string, string, int)[] Corrected = [("c1", "A", 150), ("c4", "C", 400), ("c5", "D", 500)];

    private static IEnumerable<AgentDayMetrics> Undated(IEnumerable<AgentDayMetrics> metrics) => metrics.Select(m => m with { Date = default });

    [Fact]
    public async Task A_corrected_file_leaves_the_metrics_of_importing_only_the_corrected_file()
    {
        var day = new DateOnly(2026, 6, 1);
        var baseline = new DateOnly(2026, 6, 2);
        var first = await ImportAsync($"calls/{day:yyyy-MM-dd}/north.csv", Utf8(Calls(day, First)));

        var corrected = await ImportAsync($"calls/{day:yyyy-MM-dd}/north.csv", Utf8(Calls(day, Corrected)));
        var alone = await ImportAsync($"calls/{baseline:yyyy-MM-dd}/north.csv", Utf8(Calls(baseline, Corrected)));

        Assert.Equal(["A", "B", "C"], first.Metrics.Select(m => m.AgentId));
        Assert.Equal(Undated(alone.Metrics), Undated(corrected.Metrics));
        Assert.Equal(ImportStatus.Accepted, corrected.Status.Status);
        Assert.Equal(first.Status.ImportId, corrected.Status.Supersedes);
        Assert.Equal(first.Status.ImportId, corrected.Report.GetProperty("supersedes").GetString());
        // Re-scored: the agents whose day changed, B included (its day is now empty); C's day did not change.
        Assert.Equal(["A", "B", "D"], corrected.Reply.AgentsToScore);
        corrected.AssertChangedOnly(corrected.MetricKeys("A", "B", "D").Where(k => !k.Contains("/!", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Bytes_replaced_then_dropped_again_are_back_in_force()
    {
        var day = new DateOnly(2026, 6, 3);
        var blob = $"calls/{day:yyyy-MM-dd}/north.csv";
        var first = await ImportAsync(blob, Utf8(Calls(day, First)));
        await ImportAsync(blob, Utf8(Calls(day, Corrected)));

        var again = await ImportAsync(blob, Utf8(Calls(day, First)));

        Assert.Equal(first.Metrics, again.Metrics);
        Assert.Equal(first.Status.ImportId, again.Status.ImportId);
        Assert.Equal(ImportStatus.Accepted, again.Status.Status);
    }

    [Fact]
    public async Task The_same_bytes_again_are_a_duplicate_that_changes_nothing()
    {
        var day = new DateOnly(2026, 6, 4);
        var blob = $"calls/{day:yyyy-MM-dd}/north.csv";
        var first = await ImportAsync(blob, Utf8(Calls(day, First)));

        var again = await ImportAsync(blob, Utf8(Calls(day, First)));

        Assert.Equal(ImportStatus.Duplicate, again.Status.Status);
        Assert.Equal(first.Status.ContentHash, again.Status.ContentHash);
        Assert.Empty(again.Reply.ScoreRequests);
        // Its own status row and report (naming the import in force) are the only changes: the blob's bytes are the same bytes.
        Assert.StartsWith(first.Status.ImportId + "-dup-", again.Status.ImportId, StringComparison.Ordinal);
        Assert.NotEqual(first.Status.ReportBlob, again.Status.ReportBlob);
        Assert.Equal((first.Status.ImportId, first.Status.BlobName), (again.Status.DuplicateOf, again.Status.DuplicateOfBlob));
        Assert.Equal(first.Status.ImportId, again.Report.GetProperty("duplicateOf").GetProperty("importId").GetString());
        Assert.Equal([$"Imports/{day:yyyy-MM-dd}/calls|north|{again.Status.ImportId}", $"blob:reports/{again.Status.ReportBlob}"], again.Changed);
    }

    [Theory]
    [InlineData("call_id,agent_id,start_time,end_time,talk_seconds\nr1,A,2026-06-05 09:00:00,2026-06-05 09:01:00,60\n")]
    [InlineData("")]
    public async Task A_redelivered_event_changes_nothing_in_storage(string csv)
    {
        var imported = await ImportAsync("calls/2026-06-05/redelivered.csv", Utf8(csv));
        var before = await StorageSnapshot.TakeAsync(Host.Storage);

        var reply = await Host.DeliverAsync(imported.Event);
        await Host.DeliverAsync(imported.Event);

        Assert.Empty((await StorageSnapshot.TakeAsync(Host.Storage)).ChangedSince(before));
        // Outputs of the first delivery may have been lost: the score requests go again (scoring overwrites).
        Assert.Equal(imported.Reply.AgentsToScore, reply.AgentsToScore);
    }

    [Fact]
    public async Task Two_deliveries_of_one_event_running_at_the_same_time_import_the_file_once()
    {
        // Event Grid delivers again when an answer takes over 30 s, while the first delivery may still run.
        var day = new DateOnly(2026, 6, 9);
        var gridEvent = await Host.UploadAsync($"calls/{day:yyyy-MM-dd}/twice.csv", Utf8(Calls(day, First)));

        var replies = await Task.WhenAll(Host.DeliverAsync(gridEvent), Host.DeliverAsync(gridEvent));

        var status = Assert.Single(await Host.StatusesAsync(ExportKind.Calls, day));
        Assert.Equal(ImportStatus.Accepted, status.Status);
        var a = Assert.Single(await Host.MetricsAsync(day), m => m.AgentId == "A");
        Assert.Equal((2, 300L), (a.AnsweredCalls, a.TalkSeconds));
        // Between them the deliveries ask for every agent of the file to be scored (the one that stored the metrics
        // second found nothing changed; the one that lost the race sends the file's agents again; scoring overwrites).
        Assert.Equal(["A", "B", "C"], replies.SelectMany(r => r.AgentsToScore).Distinct().Order());
    }

    [Fact]
    public async Task A_corrected_awards_file_reverses_the_awards_it_withdraws()
    {
        const string header = "agent_id,date,item,level\n";
        var v1 = Utf8(header + "A,2026-06-06,honour,center\nB,2026-06-06,activity,team\n");
        var v2 = Utf8(header + "A,2026-06-06,honour,center\nC,2026-06-06,training,department\n");
        IEntryStore<AwardRecord> store = EntryStores.Awards(Host.Storage);
        async Task<IEnumerable<(string, AwardItem, AwardLevel)>> InForceAsync() =>
            (await store.GetInForceAsync(new YearMonth(2026, 6), default)).Where(a => a.Value.Date == new DateOnly(2026, 6, 6))
                .Select(a => (a.Value.AgentId, a.Value.Item, a.Value.Level)).Order();

        var first = await ImportAsync("awards/2026-06-06/hr.csv", v1);
        var corrected = await ImportAsync("awards/2026-06-06/hr.csv", v2);
        Assert.Equal([("A", AwardItem.Honour, AwardLevel.Center), ("C", AwardItem.Training, AwardLevel.Department)], await InForceAsync());
        // The withdrawn awards stay visible beside the reversals that cancel them.
        var reversals = (await store.GetMonthAsync(new YearMonth(2026, 6), default)).Where(a => a.ReversalOf is not null).Select(a => a.ReversalOf).Order();
        Assert.Equal([$"{first.Status.ImportId}-1", $"{first.Status.ImportId}-2"], reversals);
        corrected.AssertChangedOnly([
            "ImportHeads/2026-06-06/awards|hr",
            $"Awards/2026-06/{first.Status.ImportId}-1-rev", $"Awards/2026-06/{first.Status.ImportId}-2-rev",
            $"Awards/2026-06/{corrected.Status.ImportId}-1", $"Awards/2026-06/{corrected.Status.ImportId}-2"]);

        await ImportAsync("awards/2026-06-06/hr.csv", v1);
        Assert.Equal([("A", AwardItem.Honour, AwardLevel.Center), ("B", AwardItem.Activity, AwardLevel.Team)], await InForceAsync());
    }

    [Fact]
    public async Task A_corrected_work_items_file_replaces_the_day_from_its_source()
    {
        const string header = "agent_id,date,item_code,role,quantity\n";
        await ImportAsync("work-items/2026-06-07/ops.csv", Utf8(header + "A,2026-06-07,W-1,single,1\nA,2026-06-07,W-2,primary,2\nB,2026-06-07,W-3,secondary,1\n"));
        await ImportAsync("work-items/2026-06-07/other.csv", Utf8(header + "Z,2026-06-07,W-9,single,1\n"));

        await ImportAsync("work-items/2026-06-07/ops.csv", Utf8(header + "A,2026-06-07,W-2,primary,3\n"));

        var items = await new WorkItemStore(Host.Storage).GetDayAsync(new DateOnly(2026, 6, 7), default);
        Assert.Equal(
            [new WorkItemRecord("A", new(2026, 6, 7), "W-2", WorkItemRole.Primary, 3m), new WorkItemRecord("Z", new(2026, 6, 7), "W-9", WorkItemRole.Single, 1m)],
            items);
    }

    [Fact]
    public async Task Two_sources_for_one_day_are_both_kept_and_a_correction_of_one_leaves_the_other()
    {
        var day = new DateOnly(2026, 6, 8);
        await ImportAsync($"calls/{day:yyyy-MM-dd}/north.csv", Utf8(Calls(day, ("n1", "A", 100))));
        await ImportAsync($"calls/{day:yyyy-MM-dd}/south.csv", Utf8(Calls(day, ("s1", "A", 50))));

        var corrected = await ImportAsync($"calls/{day:yyyy-MM-dd}/north.csv", Utf8(Calls(day, ("n1", "A", 70))));

        var a = Assert.Single(corrected.Metrics);
        Assert.Equal((2, 120L), (a.AnsweredCalls, a.TalkSeconds));
        Assert.Equal([a], await new MetricsStore(Host.Storage).GetAsync(day, ["A"], default));
    }
}
