using System.Globalization;
using Serverless.Domain.Metrics;
using Serverless.Domain.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Domain.Pipeline;

/// <summary>
/// Scores the agent-days of one <see cref="ScoreRequest"/>: the rules version in force that day, the agents' stored
/// metrics and work items, the roster and the day's stored peer norms (<see cref="DayNorms"/>) give each agent's ledger
/// entries, which replace the day in the ledger and in the agent's running month. Keyed writes only: scoring a request
/// twice, or two requests for one agent at once, leaves one result.
/// </summary>
/// <remarks>
/// When the rules in force have a <c>workload</c> section (the workload scheme), the agents' work items of the day are
/// scored too (<see cref="DailyScorer.ScoreWorkItems"/>, L = w × B × η, in the department the agent is scored in) and
/// land in the same day, so month close's Y sums them as w·ΣL. An agent with work items but no metrics still has a
/// scored day (its metrics empty); a day loses its place only when both are gone. Rules without that section never
/// read work items.
/// </remarks>
public sealed class AgentDayScorer(IMetricsStore metrics, IRosterStore roster, IRulesStore rules, DayNorms norms, ILedger ledger, IAgentMonthStore months, IWorkItemStore workItems)
{
    public async Task<string> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var date = request.Date;
        var agentIds = request.AgentIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var document = (await rules.GetBookAsync(cancellationToken)).InForceOn(date);
        if (document is null)
        {
            return $"No rules version is in force on {Day(date)}: {agentIds.Count} agent-days left unscored.";
        }

        var found = await metrics.GetWithImportsAsync(date, agentIds, cancellationToken);
        var work = document.Workload is null ? [] : await workItems.GetAsync(date, agentIds, cancellationToken);
        var people = await roster.GetAsync(agentIds, cancellationToken);
        var peerNorms = document.Efficiency is { } efficiency
            ? PeerNorms.FromNorms(await norms.GetAsync(date, cancellationToken), efficiency.MinGroupSize)
            : PeerNorms.Empty;
        var previous = await months.GetDaysAsync(date, agentIds, cancellationToken);

        var scorer = new DailyScorer(document);
        var itemsOf = work.ToDictionary(w => w.AgentId, StringComparer.Ordinal);
        var days = new List<KeyValuePair<string, ScoredDay?>>(agentIds.Count);
        var unassigned = 0;
        // Agents with metrics, then agents with work items alone (their day is scored on empty metrics: no daily rule
        // has anything to measure, but the work was done and counts).
        var measured = found.Select(f => f.Metrics.AgentId).ToHashSet(StringComparer.Ordinal);
        var toScore = found
            .Select(f => (f.Metrics, f.ImportIds, Rules: true))
            .Concat(work.Where(w => !measured.Contains(w.AgentId))
                .Select(w => (Metrics: AgentDayMetrics.Empty(w.AgentId, date), ImportIds: (IReadOnlyList<string>)[], Rules: false)))
            .OrderBy(x => x.Metrics.AgentId, StringComparer.Ordinal);
        foreach (var (day, metricsImports, scoreRules) in toScore)
        {
            var (_, department, specialty) = DayNorms.Place(day, people);
            if (department == DayNorms.Unassigned) unassigned++;
            IReadOnlyList<LedgerEntry> entries = scoreRules ? scorer.Score(day, department, specialty, peerNorms) : [];
            var importIds = metricsImports;
            if (itemsOf.TryGetValue(day.AgentId, out var items))
            {
                entries = [.. entries, .. scorer.ScoreWorkItems(items.Items.Select(i => (i, department)))];
                importIds = [.. metricsImports.Union(items.ImportIds, StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            }
            days.Add(new(day.AgentId, new ScoredDay(day, department, specialty, entries, importIds)));
        }
        // A corrected export dropped these agents: their day goes from the ledger and the month, if it was ever there.
        var scored = days.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        var gone = agentIds.Where(a => !scored.Contains(a) && previous.ContainsKey(a)).ToList();
        var scoredCount = days.Count;
        days.AddRange(gone.Select(a => new KeyValuePair<string, ScoredDay?>(a, null)));

        // Ledger first, month second: the month row is what tells a later re-score which entries to replace, so it
        // must never run ahead of the ledger (a retry after a failure in between redoes both, to the same result).
        // One call for the whole request: the ledger packs many agents' days into each transaction. A day scored
        // exactly as the month row says it already is (a redelivery, or a re-score that changed nothing) is skipped:
        // the ledger is written before the month row, so the month row never names entries the ledger lacks.
        var ledgerDays = days
            .Where(pair => !(pair.Value is { } day && previous.TryGetValue(pair.Key, out var old) && Unchanged(old, day)))
            .Select(pair => new LedgerDay(
                pair.Key,
                pair.Value?.Entries ?? [],
                pair.Value?.ImportIds ?? [],
                previous.TryGetValue(pair.Key, out var old) ? [.. old.Entries.Select(e => e.Rule)] : []))
            .ToList();
        await ledger.ReplaceDaysAsync(date, ledgerDays, cancellationToken);
        await months.PutDaysAsync(date, days, cancellationToken);

        var points = days.Sum(d => d.Value?.Entries.Sum(e => e.Points) ?? 0m);
        return string.Create(CultureInfo.InvariantCulture,
            $"Scored {scoredCount} agent-days of {Day(date)} under rules {document.Version}: {points:0.##} points ({unassigned} not on the roster, {gone.Count} cleared, {days.Count - ledgerDays.Count} unchanged).");
    }

    private static bool Unchanged(ScoredDay before, ScoredDay after) =>
        before.Entries.SequenceEqual(after.Entries) && before.ImportIds.SequenceEqual(after.ImportIds, StringComparer.Ordinal);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
