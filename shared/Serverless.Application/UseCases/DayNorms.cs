using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Application.UseCases;

/// <summary>
/// Keeps each business day's peer norms (同组基准) in step with the day's stored metrics.
/// </summary>
/// <remarks>
/// Design note. E compares an agent with the medians of the agent's department+specialty that day (falling back to
/// the department, then the whole center), so an agent-day cannot be scored from its own metrics: a score request
/// carries a few thousand agents of a day at most and, scored alone, each batch would take medians over whoever happened to be
/// in it. So the norms are computed once per day from the whole day's stored metrics, right after an import that can
/// move them (calls, agent-time, roster), and stored per day; scoring only ever reads them. And since every agent's
/// E depends on them, when an import changes a day's norms every agent of that day is re-scored, not only the agents
/// whose own rows changed. The roster places agents (department, specialty) as it is at import time; agents not on
/// it are peers in the <see cref="Unassigned"/> department and specialty, never dropped.
/// </remarks>
public sealed class DayNorms(IMetricsStore metrics, IRosterStore roster, IRulesStore rules, IPeerNormStore store)
{
    /// <summary>Department and specialty of agents not on the roster: they are scored and reported, never dropped.</summary>
    public const string Unassigned = "unassigned";

    /// <summary>Refreshes that find the norms rewritten by another refresh each time; then the import fails and is retried.</summary>
    public const int MaxAttempts = 10;

    /// <summary>Recomputes the day's norms from its whole stored day; says whether they changed and who is in the day.</summary>
    /// <remarks>
    /// The files of a day are imported at once, each refreshing the norms. The stored norms are read first and written
    /// under their version, from metrics read in between: a refresh whose read of the metrics may have missed a
    /// concurrent import's finds the norms rewritten by that import's refresh, writes nothing and starts again. So the
    /// last norms stored were computed from every import whose refresh has finished.
    /// </remarks>
    /// <param name="answerShare">Compute the answer-share figures even when the version in force does not weigh them.</param>
    public async Task<DayNormsRefresh> RefreshAsync(DateOnly date, CancellationToken cancellationToken, bool answerShare = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.ReadAsync(date, cancellationToken);
            // Only what the norms read (a table store selects those columns): the day's whole metrics are several times the bytes.
            var day = await metrics.GetNormInputsAsync(date, cancellationToken);
            var agentIds = day.Select(m => m.AgentId).ToList();
            var people = await roster.GetAsync(agentIds, cancellationToken);
            var exportsIn = await metrics.GetKindsAsync(date, cancellationToken);
            var book = await rules.GetBookAsync(cancellationToken);
            var inForce = book.InForceOn(date);
            var normRules = NormRules(inForce);
            if (answerShare && normRules.AnswerShareWeight <= 0) normRules = normRules with { AnswerShareWeight = 1 };
            var placed = day.Select(m => Place(m, people)).ToList();
            var norms = PeerNorms.Compute(placed, normRules).Norms;
            var spread = Spread(inForce, placed, norms, exportsIn);
            if (await store.ReplaceIfUnchangedAsync(date, norms, spread, stored, cancellationToken) is { } changed)
            {
                return new DayNormsRefresh(changed, agentIds, norms.Count);
            }
            if (attempt == MaxAttempts)
            {
                throw new InvalidOperationException($"The peer norms of {date:yyyy-MM-dd} were rewritten by other imports on each of {MaxAttempts} attempts; the import will be retried.");
            }
        }
    }

    /// <summary>
    /// The day's spread of E per department and specialty (the one-day efficiency view): every agent-day's E as scoring
    /// gives it from these norms under the rules in force that day (the efficiency rules' measure, scored only when the
    /// exports they read are in), in the department and specialty the agent is scored in. Computed with the norms and
    /// stored in the same write, from the same whole-day read, so it follows every import that can move E (calls,
    /// agent-time, roster) and every re-score job (which refreshes the day before scoring it under the rules in force);
    /// null when never computed. Scoring itself writes nothing for it, so scoring speed is untouched.
    /// </summary>
    public Task<DaySpread?> GetSpreadAsync(DateOnly date, CancellationToken cancellationToken) => store.GetSpreadAsync(date, cancellationToken);

    private static DaySpread Spread(RulesDocument? inForce, IReadOnlyList<(AgentDayMetrics Metrics, string Department, string Specialty)> placed, IReadOnlyList<PeerNorm> norms, IReadOnlySet<ExportKind> exportsIn)
    {
        if (inForce is null) return DaySpread.Empty;
        var efficiencyRules = inForce.Daily.OfType<EfficiencyRule>().Select(r => r.RuleName).ToHashSet(StringComparer.Ordinal);
        if (efficiencyRules.Count == 0) return DaySpread.Empty;
        // The same steps as AgentDayScorer: the norms as scoring reads them, the same scorer, the same exports in.
        var peerNorms = inForce.Efficiency is { } efficiency ? PeerNorms.FromNorms(norms, efficiency.MinGroupSize) : PeerNorms.Empty;
        var scorer = new DailyScorer(inForce);
        var entries = new List<LedgerEntry>();
        var values = new List<(string, string, double)>(placed.Count);
        foreach (var (metrics, department, specialty) in placed)
        {
            entries.Clear();
            scorer.Score(metrics, department, specialty, peerNorms, entries, exportsIn);
            if (entries.FirstOrDefault(e => efficiencyRules.Contains(e.Rule) && e.Measure is not null)?.Measure is { } e) values.Add((department, specialty, e));
        }
        return DaySpread.Of(values);
    }

    /// <summary>
    /// The day's stored norms; computed from the whole stored day when they never were (a day imported before norms were
    /// kept), or when <paramref name="answerShare"/> asks for the answer-share figures and they were computed without
    /// them (under rules with <c>answerShareWeight</c> 0: a version that weighs it then scores the day).
    /// </summary>
    public async Task<IReadOnlyList<PeerNorm>> GetAsync(DateOnly date, CancellationToken cancellationToken, bool answerShare = false)
    {
        var stored = await store.GetAsync(date, cancellationToken);
        if (stored is not null && (!answerShare || stored.All(n => n.HasAnswerShare))) return stored;
        await RefreshAsync(date, cancellationToken, answerShare);
        return await store.GetAsync(date, cancellationToken) ?? [];
    }

    /// <summary>Where an agent is scored: the roster's department and specialty, or <see cref="Unassigned"/>.</summary>
    public static (AgentDayMetrics Metrics, string Department, string Specialty) Place(AgentDayMetrics day, IReadOnlyDictionary<string, RosterRecord> people)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(people);
        return people.TryGetValue(day.AgentId, out var person)
            ? (day, NonEmpty(person.Department), NonEmpty(person.Specialty))
            : (day, Unassigned, Unassigned);
    }

    private static string NonEmpty(string value) => string.IsNullOrWhiteSpace(value) ? Unassigned : value;

    // The medians themselves do not depend on the rules: Compute only wants minGroupSize, which scoring applies again
    // from the version in force (PeerNorms.FromNorms). A version without an efficiency section still gets the day's
    // medians stored (from the default preset's section), so a later version that scores E finds them.
    private static EfficiencyRules NormRules(RulesDocument? inForce) =>
        inForce?.Efficiency ?? RulePresets.Load(RulePresets.PositiveIncentive).Efficiency
        ?? throw new InvalidOperationException("The positive-incentive preset has no efficiency section.");
}
