using Azure.Data.Tables;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Ingestion;

/// <summary>
/// The metrics store's bucket rows against Azurite: every field comes back as it went in, a contribution too big for
/// one row or one transaction still round-trips, and a correction keeps the import of agents it did not
/// change.
/// </summary>
public sealed class MetricsStoreTests(AzuriteFixture azurite) : AzuriteStoreTests(azurite)
{
    private MetricsStore Store => new(Storage);

    private static AgentDayMetrics Full(string agentId, DateOnly day, long n) => new()
    {
        AgentId = agentId,
        Date = day,
        AnsweredCalls = (int)(n % 1_000_000) + 1,
        TalkSeconds = 86_400_000_000 + n,
        HoldSeconds = 2 * n,
        AfterCallWorkSeconds = 3 * n,
        ShortCalls = 4,
        HelpRequests = 5,
        SurveysPushed = 6,
        SurveysAnswered = 7,
        SurveysSatisfied = 8,
        HasTimeRecord = true,
        ScheduledSeconds = 28_800,
        SignedInSeconds = 27_000,
        NotReadySeconds = 1_234,
        Adherence = 0.1 + n / 7.0,
        LateMinutes = 9,
        CallsInspected = 10,
        Errors = 11,
        QualityScored = 9,
        QualityScoreSum = 812.5m + n,
    };

    [Fact]
    public async Task Every_field_reads_back_as_written_zeros_and_no_adherence_included()
    {
        var day = new DateOnly(2026, 9, 1);
        AgentDayMetrics[] written =
        [
            Full("坐席-甲", day, 1),
            new() { AgentId = "it's \"quoted\" & spaced", Date = day, Adherence = 0 },
            new() { AgentId = "Z", Date = day, AnsweredCalls = 3, Adherence = null, TalkSeconds = -5 },
        ];

        var changed = await Store.ReplaceAsync(day, ExportKind.AgentTime, "north", "imp-1", written, CancellationToken.None);

        Assert.Equal(written.Select(m => m.AgentId).Order(StringComparer.Ordinal), changed);
        Assert.Equal(written.OrderBy(m => m.AgentId, StringComparer.Ordinal), await Store.GetDayAsync(day, CancellationToken.None));
        var zero = Assert.Single(await Store.GetAsync(day, ["it's \"quoted\" & spaced"], CancellationToken.None));
        Assert.Equal(0, zero.Adherence);
        Assert.Null(Assert.Single(await Store.GetAsync(day, ["Z"], CancellationToken.None)).Adherence);
    }

    [Fact]
    public async Task A_contribution_larger_than_a_row_and_a_transaction_round_trips()
    {
        // ~125 characters an agent: 40,000 agents are ~5 MB of text, so each bucket needs several parts (30,000
        // characters each) and the rows several transactions.
        var day = new DateOnly(2026, 9, 2);
        var written = Enumerable.Range(0, 40_000).Select(i => Full($"agent-{i:D6}", day, 1_000_000_000L + i)).ToList();

        var changed = await Store.ReplaceAsync(day, ExportKind.Calls, "center", "imp-big", written, CancellationToken.None);

        Assert.Equal(40_000, changed.Count);
        Assert.Equal(written, await Store.GetDayAsync(day, CancellationToken.None));
        var parts = new List<int>();
        await foreach (var row in Storage.Tables.GetTableClient(Tables.Metrics).QueryAsync<TableEntity>($"PartitionKey eq '2026-09-02' and RowKey ge '$'", select: ["Parts"]))
        {
            parts.Add(row.GetInt32("Parts") ?? 0);
        }
        Assert.Equal(64, parts.Count);
        Assert.All(parts, p => Assert.True(p >= 2, $"a bucket of ~625 agents fits one part ({p})"));
    }

    [Fact]
    public async Task A_correction_keeps_the_import_of_agents_it_did_not_change_and_returns_only_the_changed()
    {
        var day = new DateOnly(2026, 9, 3);
        var agents = Enumerable.Range(0, 300).Select(i => Full($"a{i:D3}", day, i)).ToList();
        await Store.ReplaceAsync(day, ExportKind.Calls, "center", "imp-1", agents, CancellationToken.None);

        // a007 corrected, a008 withdrawn, b001 added; the other 297 unchanged.
        var corrected = agents.Where(m => m.AgentId != "a008").Select(m => m.AgentId == "a007" ? m with { AnsweredCalls = 99 } : m)
            .Append(Full("b001", day, 5)).ToList();
        var changed = await Store.ReplaceAsync(day, ExportKind.Calls, "center", "imp-2", corrected, CancellationToken.None);

        Assert.Equal(["a007", "a008", "b001"], changed);
        var stored = await Store.GetWithImportsAsync(day, ["a006", "a007", "a008", "b001"], CancellationToken.None);
        Assert.Equal(
            [("a006", "imp-1"), ("a007", "imp-2"), ("b001", "imp-2")],
            stored.Select(s => (s.Metrics.AgentId, Assert.Single(s.ImportIds))));
        Assert.Equal(99, stored[1].Metrics.AnsweredCalls);
        Assert.Equal(corrected.OrderBy(m => m.AgentId, StringComparer.Ordinal), await Store.GetDayAsync(day, CancellationToken.None));
        Assert.Empty(await Store.ReplaceAsync(day, ExportKind.Calls, "center", "imp-3", corrected, CancellationToken.None));
    }

    [Fact]
    public void An_agent_s_bucket_is_the_same_in_every_process_and_release()
    {
        // Stored rows are found again by this hash: changing it would lose every stored day.
        Assert.Equal("$calls|north|0d", MetricsStore.RowKeyOf(ExportKind.Calls, "north", "A"));
        Assert.Equal("$quality|qa|3f", MetricsStore.RowKeyOf(ExportKind.Quality, "qa", "坐席-甲"));
    }
}
