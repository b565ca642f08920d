using System.Globalization;
using Serverless.Domain.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Domain.Pipeline;

/// <summary>
/// Scores the agent-days of one <see cref="ScoreRequest"/>: the rules version in force that day, the agents' stored
/// metrics, the roster and the day's stored peer norms (<see cref="DayNorms"/>) give each agent's ledger entries,
/// which replace the day in the ledger and in the agent's running month. Keyed writes only: scoring a request twice,
/// or two requests for one agent at once, leaves one result.
/// </summary>
/// <remarks>
/// Work items (the workload scheme's L = B × η) are not scored here: no import stores them per agent-day yet, so the
/// days of a workload month carry only their daily rules.
/// </remarks>
public sealed class AgentDayScorer(IMetricsStore metrics, IRosterStore roster, IRulesStore rules, DayNorms norms, ILedger ledger, IAgentMonthStore months)
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
        var people = await roster.GetAsync(agentIds, cancellationToken);
        var peerNorms = document.Efficiency is { } efficiency
            ? PeerNorms.FromNorms(await norms.GetAsync(date, cancellationToken), efficiency.MinGroupSize)
            : PeerNorms.Empty;
        var previous = await months.GetDaysAsync(date, agentIds, cancellationToken);

        var scorer = new DailyScorer(document);
        var days = new List<KeyValuePair<string, ScoredDay?>>(agentIds.Count);
        var unassigned = 0;
        foreach (var (day, importIds) in found)
        {
            var (_, department, specialty) = DayNorms.Place(day, people);
            if (department == DayNorms.Unassigned) unassigned++;
            var entries = scorer.Score(day, department, specialty, peerNorms);
            days.Add(new(day.AgentId, new ScoredDay(day, department, specialty, entries, importIds)));
        }
        // A corrected export dropped these agents: their day goes from the ledger and the month, if it was ever there.
        var scored = found.Select(f => f.Metrics.AgentId).ToHashSet(StringComparer.Ordinal);
        var gone = agentIds.Where(a => !scored.Contains(a) && previous.ContainsKey(a)).ToList();
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
            $"Scored {found.Count} agent-days of {Day(date)} under rules {document.Version}: {points:0.##} points ({unassigned} not on the roster, {gone.Count} cleared, {days.Count - ledgerDays.Count} unchanged).");
    }

    private static bool Unchanged(ScoredDay before, ScoredDay after) =>
        before.Entries.SequenceEqual(after.Entries) && before.ImportIds.SequenceEqual(after.ImportIds, StringComparer.Ordinal);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
