using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Scoring;

/// <summary>
/// The ledger's month-partitioned layout against Azurite: many agents' days per transaction, yet each agent's day
/// replaced whole, rules no longer scored removed, and an agent's entries read back apart from everyone else's.
/// </summary>
public sealed class LedgerStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly DateOnly Day = new(2026, 10, 1);
    private readonly LedgerStore _ledger = new(StorageClients.FromConnectionString(azurite.ConnectionString));

    public Task InitializeAsync() => StorageInitializer.EnsureCreatedAsync(StorageClients.FromConnectionString(azurite.ConnectionString), CancellationToken.None);

    public Task DisposeAsync() => Task.CompletedTask;

    private static LedgerEntry Entry(string agentId, LedgerPeriod period, string rule, decimal points) => new()
    {
        AgentId = agentId,
        Period = period,
        Rule = rule,
        Dimension = Dimension.WorkQuality,
        Points = points,
        Inputs = $"N={points}",
        RulesVersion = "v1",
        Department = "D1",
    };

    private static LedgerDay Scored(string agentId, IReadOnlyCollection<string> previous, params string[] rules) =>
        new(agentId, [.. rules.Select((r, i) => Entry(agentId, LedgerPeriod.Day(Day), r, i + 1))], ["imp-1"], previous);

    private async Task<IReadOnlyList<string>> RulesOfAsync(string agentId) =>
        [.. (await _ledger.GetAsync(agentId, Day, Day, CancellationToken.None)).Select(s => s.Entry.Rule)];

    [Fact]
    public async Task A_request_of_many_agents_replaces_each_day_whole_and_removes_rules_no_longer_scored()
    {
        // 60 agents × 4 rules: more than two full transactions' worth.
        var agents = Enumerable.Range(1, 60).Select(i => $"M{i:000}").ToList();
        await _ledger.ReplaceDaysAsync(Day, [.. agents.Select(a => Scored(a, [], "r1", "r2", "r3", "r4"))], CancellationToken.None);
        Assert.All(agents, a => Assert.Equal(["r1", "r2", "r3", "r4"], RulesOfAsync(a).Result));

        // A new rules version renames r3 and r4; the last agent's metrics are gone altogether.
        var rescored = agents.SkipLast(1).Select(a => Scored(a, ["r1", "r2", "r3", "r4"], "r1", "r2", "r5")).Append(Scored(agents[^1], ["r1", "r2", "r3", "r4"])).ToList();
        await _ledger.ReplaceDaysAsync(Day, rescored, CancellationToken.None);

        foreach (var agent in agents.SkipLast(1)) Assert.Equal(["r1", "r2", "r5"], await RulesOfAsync(agent));
        Assert.Empty(await RulesOfAsync(agents[^1]));
    }

    [Fact]
    public async Task Replacing_again_after_the_stale_rows_are_gone_writes_the_same_day()
    {
        var agents = new[] { "R01", "R02", "R03" };
        await _ledger.ReplaceDaysAsync(Day, [.. agents.Select(a => Scored(a, [], "r1", "r2", "r3"))], CancellationToken.None);
        var rescore = agents.Select(a => Scored(a, ["r1", "r2", "r3"], "r1", "r4")).ToList();
        await _ledger.ReplaceDaysAsync(Day, rescore, CancellationToken.None);

        // A redelivery of the same request: r3 was already deleted, so that transaction's delete finds nothing.
        await _ledger.ReplaceDaysAsync(Day, rescore, CancellationToken.None);

        foreach (var agent in agents) Assert.Equal(["r1", "r4"], await RulesOfAsync(agent));
    }

    [Fact]
    public async Task Rewriting_an_entry_leaves_nothing_of_the_old_row_and_each_entry_names_its_own_imports()
    {
        var withReason = Entry("W01", LedgerPeriod.Day(Day), "efficiency", 0m) with { Reason = "withheld: short calls", Measure = 104.2 };
        var other = Entry("W01", LedgerPeriod.Day(Day), "attendance", 0.5m) with { Measure = 0.97 };
        var imports = new Dictionary<string, IReadOnlyList<string>> { ["efficiency"] = ["imp-c", "imp-t"], ["attendance"] = ["imp-t"] };
        await _ledger.ReplaceDaysAsync(Day, [new LedgerDay("W01", [withReason, other], ["imp-c", "imp-q", "imp-t"], []) { EntryImportIds = imports }], CancellationToken.None);
        var first = await _ledger.GetAsync("W01", Day, Day, CancellationToken.None);
        Assert.Equal(["imp-t"], first.Single(s => s.Entry.Rule == "attendance").ImportIds);
        Assert.Equal(withReason, first.Single(s => s.Entry.Rule == "efficiency").Entry);

        // The rewrite has no reason and no measure: neither survives from the row it overwrites.
        var rewritten = Entry("W01", LedgerPeriod.Day(Day), "efficiency", 1.5m);
        await _ledger.ReplaceDaysAsync(Day, [new LedgerDay("W01", [rewritten], ["imp-c2", "imp-t"], ["efficiency", "attendance"])], CancellationToken.None);

        var found = await _ledger.GetAsync("W01", Day, Day, CancellationToken.None);
        var efficiency = found.Single(s => s.Entry.Rule == "efficiency");
        Assert.Equal(rewritten, efficiency.Entry);
        Assert.Equal(["imp-c2", "imp-t"], efficiency.ImportIds);
        Assert.DoesNotContain(found, s => s.Entry.Rule == "attendance");
    }

    [Fact]
    public async Task An_agents_entries_over_several_months_read_back_in_period_order_and_no_one_elses()
    {
        var september = new DateOnly(2026, 9, 30);
        await _ledger.UpsertAsync([
            Entry("P1", LedgerPeriod.Day(september), "efficiency", 1.1m),
            Entry("P1", LedgerPeriod.OfMonth(new YearMonth(2026, 9)), "satisfaction", 5m),
            Entry("P1", LedgerPeriod.Day(Day), "efficiency", 1.2m),
            Entry("P10", LedgerPeriod.Day(Day), "efficiency", 9m),
            Entry("P1", LedgerPeriod.Day(new DateOnly(2026, 11, 1)), "efficiency", 1.3m),
        ], ["imp-9"], CancellationToken.None);

        var found = await _ledger.GetAsync("P1", new DateOnly(2026, 9, 1), Day, CancellationToken.None);

        // A month entry starts on its first day, so it sorts before the month's days (LedgerPeriod's order).

        Assert.Equal(["2026-09", "2026-09-30", "2026-10-01"], found.Select(s => s.Entry.Period.Key));
        Assert.All(found, s => Assert.Equal("P1", s.Entry.AgentId));
        Assert.Equal(["imp-9"], found[1].ImportIds);
    }
    [Fact]
    public async Task A_months_entries_written_in_one_call_each_keep_their_own_imports_whatever_bucket_they_share()
    {
        var month = LedgerPeriod.OfMonth(new YearMonth(2026, 6));
        // 300 agents over the buckets, three rules each from two sets of imports: several sets share every partition's transactions.
        var agents = Enumerable.Range(0, 300).Select(i => $"S{i:D3}").ToList();
        var entries = agents.SelectMany(a => new[]
        {
            new SourcedLedgerEntry(Entry(a, month, "satisfaction", 12m), ["imp-calls"]),
            new SourcedLedgerEntry(Entry(a, month, "full-attendance", 5m), ["imp-calls", "imp-time"]),
            new SourcedLedgerEntry(Entry(a, month, "error-free", 10m), ["imp-quality"]),
        }).ToList();

        await _ledger.UpsertAsync(entries, parallelism: 4, CancellationToken.None);

        var keys = await _ledger.GetMonthlyKeysAsync(month.Month, CancellationToken.None);
        Assert.Equal(900, keys.Count);
        foreach (var agent in new[] { agents[0], agents[137], agents[299] })
        {
            var read = await _ledger.GetAsync(agent, month.Start, month.Start.AddDays(29), CancellationToken.None);
            Assert.Equal([("error-free", "imp-quality"), ("full-attendance", "imp-calls,imp-time"), ("satisfaction", "imp-calls")],
                read.Select(s => (s.Entry.Rule, string.Join(',', s.ImportIds))).OrderBy(x => x.Rule, StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Monthly_entries_live_apart_from_the_daily_ones_and_a_re_publication_removes_those_it_no_longer_makes()
    {
        var storage = StorageClients.FromConnectionString(azurite.ConnectionString);
        var month = LedgerPeriod.OfMonth(new YearMonth(2026, 7));
        var day = LedgerPeriod.Day(new DateOnly(2026, 7, 3));
        await _ledger.ReplaceDaysAsync(day.Start, [new LedgerDay("M1", [Entry("M1", day, "efficiency", 2m)], ["imp-d"], [])], CancellationToken.None);
        await _ledger.UpsertAsync([Entry("M1", month, "satisfaction", 12m), Entry("M1", month, "push-rate", 5m), Entry("M1", month, "error-free", 10m)], ["imp-d"], CancellationToken.None);

        var monthTable = storage.Tables.GetTableClient(Tables.MonthLedger);
        var partition = storage.Partitions.For(month.Key, "M1");
        Assert.Equal(3, await monthTable.QueryAsync<Azure.Data.Tables.TableEntity>($"PartitionKey eq '{partition}'").CountAsync());
        var daily = storage.Tables.GetTableClient(Tables.Ledger);
        Assert.Equal(1, await daily.QueryAsync<Azure.Data.Tables.TableEntity>($"PartitionKey eq '{partition}'").CountAsync());
        var read = await _ledger.GetAsync("M1", month.Start, month.Start.AddDays(30), CancellationToken.None);
        Assert.Equal([("2026-07", "error-free", 10m), ("2026-07", "push-rate", 5m), ("2026-07", "satisfaction", 12m), ("2026-07-03", "efficiency", 2m)],
            read.Select(s => (s.Entry.Period.Key, s.Entry.Rule, s.Entry.Points)).OrderBy(x => x.Key, StringComparer.Ordinal).ThenBy(x => x.Rule, StringComparer.Ordinal));
        var keys = await _ledger.GetMonthlyKeysAsync(month.Month, CancellationToken.None);
        Assert.Equal(["error-free", "push-rate", "satisfaction"], keys.Select(k => k.Rule).Order(StringComparer.Ordinal));

        // A re-publication that no longer makes push-rate or satisfaction removes them; removing one gone already is fine.
        await _ledger.RemoveMonthlyAsync(month.Month, [new LedgerKey("M1", "push-rate"), new LedgerKey("M1", "satisfaction")], CancellationToken.None);
        await _ledger.RemoveMonthlyAsync(month.Month, [new LedgerKey("M1", "push-rate")], CancellationToken.None);

        Assert.Equal(["efficiency", "error-free"], await RulesOfAsync("M1", month.Start, month.Start.AddDays(30)));
    }

    private async Task<IReadOnlyList<string>> RulesOfAsync(string agentId, DateOnly from, DateOnly to) =>
        [.. (await _ledger.GetAsync(agentId, from, to, CancellationToken.None)).Select(s => s.Entry.Rule).Order(StringComparer.Ordinal)];
}
