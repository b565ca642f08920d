using System.Globalization;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Application.UseCases;

/// <summary>
/// Scores the agent-days of one <see cref="ScoreRequest"/>: the rules version in force that day, the agents' stored
/// metrics and work items, the roster and the day's stored peer norms (<see cref="DayNorms"/>) give each agent's ledger
/// entries, which replace the day in the ledger and in the agent's running month. Keyed writes only: scoring a request
/// twice, or two requests for one agent at once, leaves one result.
/// </summary>
/// <remarks>
/// <para>
/// A daily rule is scored once every export it reads is in for the day (<see cref="DailyRule.Reads"/>), and its entry
/// names those exports' imports only. Each entry is compared with the stored one and written only when it changed, so
/// a day's later files add the entries they make possible instead of rewriting the ones already there, and the quality
/// file (which no daily rule reads) rewrites none (on Azurite a rewrite costs time proportional to the table; an insert
/// does not).
/// </para>
/// <para>
/// When the rules in force have a <c>workload</c> section (the workload scheme), the agents' work items of the day are
/// scored too (<see cref="DailyScorer.ScoreWorkItems"/>, L = w × B × η, in the department the agent is scored in) and
/// land in the same day, so month close's Y sums them as w·ΣL. An agent with work items but no metrics still has a
/// scored day (its metrics empty); a day loses its place only when both are gone. Rules without that section never
/// read work items.
/// </para>
/// </remarks>
public sealed class AgentDayScorer(IMetricsStore metrics, IRosterStore roster, IRulesStore rules, DayNorms norms, ILedger ledger, IAgentMonthStore months, IWorkItemStore workItems)
{
    /// <summary>Attempts for agents whose month row another invocation keeps writing meanwhile; then the request fails and is redelivered.</summary>
    public const int MaxAttempts = 10;

    // This scorer's requests for overlapping agents of a month take turns instead of racing for the same month rows.
    private readonly AgentRangeLocks _locks = new();

    /// <summary>How many of this scorer's requests are waiting now for agents another of its requests is scoring.</summary>
    public int WaitingForTurns => _locks.WaitingCount;

    public Task<string> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken) => ScoreAsync(request, redelivered: false, cancellationToken);

    /// <param name="request">The agent-days to score.</param>
    /// <param name="redelivered">
    /// The request failed before (a Service Bus redelivery): it may have written month rows and not their ledger rows,
    /// so each agent's whole day is written to the ledger, not only what differs from the month row.
    /// </param>
    /// <param name="cancellationToken">Cancels the scoring.</param>
    public async Task<string> ScoreAsync(ScoreRequest request, bool redelivered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var date = request.Date;
        var agentIds = request.AgentIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var document = (await rules.GetBookAsync(cancellationToken)).InForceOn(date);
        if (document is null)
        {
            return $"No rules version is in force on {Day(date)}: {agentIds.Count} agent-days left unscored.";
        }

        if (agentIds.Count == 0) return $"No agent-days of {Day(date)} to score.";
        using var turn = await _locks.EnterAsync(YearMonth.Of(date), agentIds[0], agentIds[^1], cancellationToken);

        // Two invocations may score one agent-day at once (the calls and agent-time files of a day arrive together,
        // each re-scoring the day; within this process they take turns, across processes they race), and the later
        // one may have read newer metrics. An agent whose month row was written by another invocation since this one
        // read it is scored again from scratch: its row, then its inputs.
        var outcomes = new Dictionary<string, AgentOutcome>(StringComparer.Ordinal);
        IReadOnlyList<string> pending = agentIds;
        var rescored = 0;
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            if (attempt > 1) rescored += pending.Count;
            if (attempt > MaxAttempts)
            {
                throw new InvalidOperationException(
                    $"{pending.Count} agent-days of {Day(date)} were written by other invocations on each of {MaxAttempts} attempts; the request will be retried.");
            }
            pending = await ScoreOnceAsync(date, document, pending, redelivered, outcomes, cancellationToken);
        }

        var scored = outcomes.Values.Count(o => o.Scored);
        return string.Create(CultureInfo.InvariantCulture,
            $"Scored {scored} agent-days of {Day(date)} under rules {document.Version}: {outcomes.Values.Sum(o => o.Points):0.##} points ({outcomes.Values.Count(o => o.Unassigned)} not on the roster, {outcomes.Values.Count(o => o.Cleared)} cleared, {outcomes.Values.Count(o => o.Unchanged)} unchanged; {outcomes.Values.Sum(o => o.Written)} ledger entries written, {outcomes.Values.Sum(o => o.Removed)} removed; {rescored} agent-days scored again after another invocation wrote them first).");
    }

    /// <summary>
    /// Scores the agents once and returns those whose month row another invocation wrote since it was read here (their
    /// days were not written: the next attempt scores them again).
    /// </summary>
    private async Task<IReadOnlyList<string>> ScoreOnceAsync(DateOnly date, RulesDocument document, IReadOnlyList<string> agentIds,
        bool redelivered, Dictionary<string, AgentOutcome> outcomes, CancellationToken cancellationToken)
    {
        // The month rows first: everything read after them is at least as new as the row each ETag stands for, so a
        // write that wins under those ETags never puts back a day scored from older inputs than the one it replaces.
        var previous = await months.GetDaysAsync(date, agentIds, cancellationToken);
        var (days, unassigned) = await EvaluateCoreAsync(date, document, agentIds, cancellationToken);
        // A corrected export dropped these agents: their day goes from the ledger and the month, if it was ever there.
        var scored = days.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        var gone = agentIds.Where(a => !scored.Contains(a) && previous.ContainsKey(a)).ToHashSet(StringComparer.Ordinal);
        days.AddRange(gone.Select(a => new KeyValuePair<string, ScoredDay?>(a, null)));

        // The month row is the commit point, the ledger follows it. The days go into the month rows under the ETags read
        // above, and only an agent whose row this invocation wrote gets ledger rows: one that lost the race to another
        // invocation writes none (it is scored again), so two invocations never both write a day's rows. Only entries
        // that differ from the day the row held are written (a re-score that changed nothing, or a file the entry's rule
        // does not read, writes none); rules no longer scored are removed, and a day's second file adds rows instead of
        // rewriting the first file's. If this invocation fails between the two, its redelivery writes whole days.
        var lost = await months.PutDaysIfUnchangedAsync(date, days, previous, cancellationToken);
        var retry = lost.ToHashSet(StringComparer.Ordinal);
        var changes = new Dictionary<string, LedgerDay>(StringComparer.Ordinal);
        foreach (var (agentId, day) in days)
        {
            if (retry.Contains(agentId)) continue;
            previous.TryGetValue(agentId, out var old);
            if ((redelivered ? Whole(agentId, old, day) : Change(agentId, old, day)) is { } change) changes[agentId] = change;
        }
        await ledger.ReplaceDaysAsync(date, [.. changes.Values], cancellationToken);
        await FollowLaterCommitsAsync(date, [.. changes.Values], cancellationToken);

        foreach (var (agentId, day) in days)
        {
            if (retry.Contains(agentId)) continue;
            changes.TryGetValue(agentId, out var change);
            outcomes[agentId] = new AgentOutcome(
                Scored: day is not null, Points: day?.Entries.Sum(e => e.Points) ?? 0m, Unassigned: unassigned.Contains(agentId), Cleared: gone.Contains(agentId),
                Unchanged: change is null, Written: change?.Entries.Count ?? 0, Removed: change?.PreviousRules.Count ?? 0);
        }
        return [.. lost.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The agents' days as <paramref name="document"/> scores them, from the stored metrics, work items, roster and the
    /// day's peer norms, written nowhere: what scoring the day would store (a what-if scores a draft this way). Agents
    /// with neither metrics nor work items that day are left out.
    /// </summary>
    public async Task<IReadOnlyList<ScoredDay>> EvaluateAsync(DateOnly date, RulesDocument document, IReadOnlyList<string> agentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(agentIds);
        if (agentIds.Count == 0) return [];
        var (days, _) = await EvaluateCoreAsync(date, document, [.. agentIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)], cancellationToken);
        return [.. days.Select(d => d.Value!)];
    }

    private async Task<(List<KeyValuePair<string, ScoredDay?>> Days, HashSet<string> Unassigned)> EvaluateCoreAsync(
        DateOnly date, RulesDocument document, IReadOnlyList<string> agentIds, CancellationToken cancellationToken)
    {
        var (exportsIn, found) = await metrics.GetScoringInputsAsync(date, agentIds, cancellationToken);
        var work = document.Workload is null ? [] : await workItems.GetAsync(date, agentIds, cancellationToken);
        var people = await roster.GetAsync(agentIds, cancellationToken);
        var peerNorms = document.Efficiency is { } efficiency
            ? PeerNorms.FromNorms(await norms.GetAsync(date, cancellationToken, efficiency.AnswerShareWeight > 0), efficiency.MinGroupSize)
            : PeerNorms.Empty;

        var scorer = new DailyScorer(document);
        var reads = document.Daily.ToDictionary(r => r.RuleName, r => r.Reads, StringComparer.Ordinal);
        var itemsOf = work.ToDictionary(w => w.AgentId, StringComparer.Ordinal);
        var days = new List<KeyValuePair<string, ScoredDay?>>(agentIds.Count);
        var unassigned = new HashSet<string>(StringComparer.Ordinal);
        // Agents with metrics, then agents with work items alone (their day is scored on empty metrics: no daily rule
        // has anything to measure, but the work was done and counts).
        var measured = found.Select(f => f.Metrics.AgentId).ToHashSet(StringComparer.Ordinal);
        var toScore = found
            .Select(f => (f.Metrics, Imports: f, Rules: true))
            .Concat(work.Where(w => !measured.Contains(w.AgentId))
                .Select(w => (Metrics: AgentDayMetrics.Empty(w.AgentId, date), Imports: new MetricsWithImports(AgentDayMetrics.Empty(w.AgentId, date), []), Rules: false)))
            .OrderBy(x => x.Metrics.AgentId, StringComparer.Ordinal);
        foreach (var (day, metricsImports, scoreRules) in toScore)
        {
            var (_, department, specialty) = DayNorms.Place(day, people);
            if (department == DayNorms.Unassigned) unassigned.Add(day.AgentId);
            IReadOnlyList<LedgerEntry> entries = scoreRules ? scorer.Score(day, department, specialty, peerNorms, exportsIn) : [];
            // Each entry names the imports of the exports its rule reads, no others: the quality file, which no daily
            // rule reads, leaves every entry as it was, and so does the calls file for the agent-time rules.
            var entryImports = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var entry in entries) entryImports[entry.Rule] = metricsImports.ImportIdsOf(reads[entry.Rule]);
            var importIds = metricsImports.ImportIds;
            var byKind = new Dictionary<ExportKind, IReadOnlyList<string>>(metricsImports.ImportIdsByKind);
            if (itemsOf.TryGetValue(day.AgentId, out var items))
            {
                var scoredItems = scorer.ScoreWorkItems(items.Items.Select(i => (i, department)));
                foreach (var entry in scoredItems) entryImports[entry.Rule] = items.ImportIds;
                entries = [.. entries, .. scoredItems];
                importIds = [.. importIds.Union(items.ImportIds, StringComparer.Ordinal).Order(StringComparer.Ordinal)];
                if (items.ImportIds.Count > 0) byKind[ExportKind.WorkItems] = items.ImportIds;
            }
            // The day's imports by kind, for month close to name on each monthly entry only what its rule reads; left
            // out when the metrics came without their kinds (month close then names all of them, as before).
            var kinded = byKind.Values.SelectMany(ids => ids).ToHashSet(StringComparer.Ordinal);
            days.Add(new(day.AgentId, new ScoredDay(day, department, specialty, entries, importIds)
            {
                EntryImportIds = entryImports,
                ImportIdsByKind = importIds.All(kinded.Contains) ? byKind : null,
            }));
        }
        return (days, unassigned);
    }

    /// <summary>How one agent-day of the request ended, for the invocation's log line.</summary>
    private sealed record AgentOutcome(bool Scored, decimal Points, bool Unassigned, bool Cleared, bool Unchanged, int Written, int Removed);

    /// <summary>
    /// Another invocation may have written some of these agents' month rows after this one did, and its ledger rows
    /// before this one's landed: then the ledger holds this invocation's older entries under the other's month row. The
    /// agents' rows are read again after the ledger write, and every ledger row this invocation wrote is brought to what
    /// the month row now says, until a read finds nothing to bring (each later commit is followed the same way).
    /// </summary>
    private async Task FollowLaterCommitsAsync(DateOnly date, IReadOnlyList<LedgerDay> written, CancellationToken cancellationToken)
    {
        for (var attempt = 1; written.Count > 0; attempt++)
        {
            var now = await months.GetDaysOnlyAsync(date, [.. written.Select(w => w.AgentId)], cancellationToken);
            var fixes = new List<LedgerDay>();
            foreach (var day in written)
            {
                now.TryGetValue(day.AgentId, out var stored);
                var entries = new Dictionary<string, LedgerRow>(StringComparer.Ordinal);
                foreach (var entry in stored?.Entries ?? []) entries[entry.Rule] = new LedgerRow(entry, stored!.ImportIdsOf(entry));
                var rewrite = day.Entries.Where(e => !(entries.TryGetValue(e.Rule, out var want) && want.Holds(new LedgerRow(e, day.ImportIdsOf(e)))))
                    .Select(e => e.Rule)
                    .Concat(day.PreviousRules.Where(entries.ContainsKey))
                    .ToHashSet(StringComparer.Ordinal);
                if (rewrite.Count == 0) continue;
                // The day the month row holds now (none: its day was removed since).
                fixes.Add(new LedgerDay(day.AgentId, [.. (stored?.Entries ?? []).Where(e => rewrite.Contains(e.Rule))], stored?.ImportIds ?? [], [.. rewrite.Where(r => !entries.ContainsKey(r))])
                {
                    EntryImportIds = stored?.EntryImportIds,
                });
            }
            if (fixes.Count == 0) return;
            if (attempt > MaxAttempts)
            {
                throw new InvalidOperationException($"{fixes.Count} agent-days of {Day(date)} kept changing under this invocation's ledger writes; the request will be retried.");
            }
            await ledger.ReplaceDaysAsync(date, fixes, cancellationToken);
            written = fixes;
        }
    }

    /// <summary>What the ledger needs to go from the stored day <paramref name="before"/> to <paramref name="after"/>; null when nothing.</summary>
    private static LedgerDay? Change(string agentId, ScoredDay? before, ScoredDay? after)
    {
        var stored = new Dictionary<string, LedgerRow>(StringComparer.Ordinal);
        foreach (var entry in before?.Entries ?? []) stored[entry.Rule] = new LedgerRow(entry, before!.ImportIdsOf(entry));
        var changed = new List<LedgerEntry>();
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in after?.Entries ?? [])
        {
            kept.Add(entry.Rule);
            if (stored.TryGetValue(entry.Rule, out var old) && old.Holds(new LedgerRow(entry, after!.ImportIdsOf(entry)))) continue;
            changed.Add(entry);
        }
        var dropped = stored.Keys.Where(r => !kept.Contains(r)).ToList();
        if (changed.Count == 0 && dropped.Count == 0) return null;
        return new LedgerDay(agentId, changed, after?.ImportIds ?? [], dropped) { EntryImportIds = after?.EntryImportIds };
    }

    /// <summary>The whole day <paramref name="after"/> for the ledger, and the removal of every other rule the stored day has.</summary>
    private static LedgerDay? Whole(string agentId, ScoredDay? before, ScoredDay? after)
    {
        var entries = after?.Entries ?? [];
        var kept = entries.Select(e => e.Rule).ToHashSet(StringComparer.Ordinal);
        var dropped = (before?.Entries ?? []).Select(e => e.Rule).Where(r => !kept.Contains(r)).ToList();
        if (entries.Count == 0 && dropped.Count == 0) return null;
        return new LedgerDay(agentId, entries, after?.ImportIds ?? [], dropped) { EntryImportIds = after?.EntryImportIds };
    }

    /// <summary>A ledger row's content: the entry and the imports it names.</summary>
    private sealed record LedgerRow(LedgerEntry Entry, IReadOnlyList<string> ImportIds)
    {
        public bool Holds(LedgerRow other) => Entry == other.Entry && ImportIds.SequenceEqual(other.ImportIds, StringComparer.Ordinal);
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
