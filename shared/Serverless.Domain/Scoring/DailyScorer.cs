using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Scoring;

/// <summary>
/// Scores agent-days under one rules document (日积分): one entry per daily rule per agent-day, in the file's rule
/// order, 0-point entries included so every day explains itself. Pure and deterministic; safe to share across threads.
/// </summary>
/// <remarks>
/// Given the exports that are in for the day (<c>exportsIn</c>), a rule whose <see cref="DailyRule.Reads"/> are not
/// all in yet is not scored at all: the day's calls file alone says nothing about attendance, so it gets no entry
/// rather than a 0 "not a scheduled day". Without that set every rule is scored (a whole day from scratch).
/// </remarks>
public sealed class DailyScorer
{
    private const int InputsLength = 256;
    private readonly DailyRule[] rules;
    private readonly EfficiencyRules? efficiency;

    public DailyScorer(RulesDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Rules = document;
        rules = [.. document.Daily];
        efficiency = document.Efficiency;
    }

    public RulesDocument Rules { get; }

    /// <summary>Scores a whole day: computes its <see cref="PeerNorms"/>, then every agent in ordinal agent order.</summary>
    public IReadOnlyList<LedgerEntry> ScoreDay(IEnumerable<(AgentDayMetrics Metrics, string Department, string Specialty)> day, IReadOnlySet<ExportKind>? exportsIn = null)
    {
        ArgumentNullException.ThrowIfNull(day);
        var agents = day.ToArray();
        var norms = efficiency is null ? PeerNorms.Empty : PeerNorms.Compute(agents, efficiency);
        return ScoreDay(agents, norms, exportsIn);
    }

    /// <summary>Scores a day against norms already computed (e.g. stored at import); ordinal agent order.</summary>
    public IReadOnlyList<LedgerEntry> ScoreDay(IReadOnlyList<(AgentDayMetrics Metrics, string Department, string Specialty)> day, PeerNorms norms, IReadOnlySet<ExportKind>? exportsIn = null)
    {
        ArgumentNullException.ThrowIfNull(day);
        var ordered = day.ToArray();
        Array.Sort(ordered, static (x, y) => string.CompareOrdinal(x.Metrics.AgentId, y.Metrics.AgentId));
        for (var i = 1; i < ordered.Length; i++)
        {
            if (ordered[i].Metrics.AgentId == ordered[i - 1].Metrics.AgentId && ordered[i].Metrics.Date == ordered[i - 1].Metrics.Date)
            {
                throw new ArgumentException($"Agent {ordered[i].Metrics.AgentId} appears twice on {ordered[i].Metrics.Date:yyyy-MM-dd}; combine the metrics first (AgentDayMetrics.Combine).", nameof(day));
            }
        }
        var entries = new List<LedgerEntry>(ordered.Length * rules.Length);
        foreach (var (metrics, department, specialty) in ordered) Score(metrics, department, specialty, norms, entries, exportsIn);
        return entries;
    }

    /// <summary>Scores one agent-day into <paramref name="into"/>: one entry per daily rule whose exports are in, in rule order.</summary>
    public void Score(AgentDayMetrics day, string department, string specialty, PeerNorms norms, List<LedgerEntry> into, IReadOnlySet<ExportKind>? exportsIn = null)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(norms);
        ArgumentNullException.ThrowIfNull(into);
        var period = LedgerPeriod.Day(day.Date);
        Span<char> buffer = stackalloc char[InputsLength];
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            if (exportsIn is not null && !AllIn(rule.Reads, exportsIn)) continue;
            var inputs = new InputsWriter(buffer);
            var (points, reason, measure) = rule switch
            {
                EfficiencyRule r => Efficiency(r, day, department, specialty, norms, ref inputs),
                AttendanceRule r => Attendance(r, day, ref inputs),
                AdherenceRule r => Adherence(r, day, ref inputs),
                NotReadyRule r => NotReady(r, day, ref inputs),
                DailyMetricRule r => Metric(r, day, department, specialty, norms, ref inputs),
                _ => throw new InvalidOperationException($"Daily rule kind {rule.Kind} has no scorer."),
            };
            into.Add(new LedgerEntry
            {
                AgentId = day.AgentId,
                Period = period,
                Rule = rule.RuleName,
                Dimension = rule.Dimension,
                Points = points,
                Inputs = inputs.ToString(),
                RulesVersion = Rules.Version,
                Department = department,
                Reason = points < 0 ? rule.Description : reason,
                Measure = measure,
            });
        }
    }

    /// <summary>Scores one agent-day and returns its entries.</summary>
    public IReadOnlyList<LedgerEntry> Score(AgentDayMetrics day, string department, string specialty, PeerNorms norms, IReadOnlySet<ExportKind>? exportsIn = null)
    {
        var entries = new List<LedgerEntry>(rules.Length);
        Score(day, department, specialty, norms, entries, exportsIn);
        return entries;
    }

    private static bool AllIn(IReadOnlyList<ExportKind> reads, IReadOnlySet<ExportKind> exportsIn)
    {
        foreach (var kind in reads)
        {
            if (!exportsIn.Contains(kind)) return false;
        }
        return true;
    }

    /// <summary>
    /// The workload scheme's L = w × B × η × quantity, one entry per agent, day, department and item code
    /// (rule "work-item:{code}"), in ordinal order. An unknown code or a negative quantity scores 0 with a reason.
    /// </summary>
    public IReadOnlyList<LedgerEntry> ScoreWorkItems(IEnumerable<(WorkItemRecord Item, string Department)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var groups = items
            .GroupBy(x => (x.Item.AgentId, x.Item.Date, x.Department, x.Item.ItemCode))
            .OrderBy(g => g.Key.AgentId, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Date)
            .ThenBy(g => g.Key.Department, StringComparer.Ordinal)
            .ThenBy(g => g.Key.ItemCode, StringComparer.Ordinal);
        var entries = new List<LedgerEntry>();
        foreach (var group in groups)
        {
            var quantities = new decimal[3];
            var negative = false;
            foreach (var (item, _) in group)
            {
                quantities[(int)item.Role] += item.Quantity;
                negative |= item.Quantity < 0;
            }
            entries.Add(WorkItem(group.Key.AgentId, group.Key.Date, group.Key.Department, group.Key.ItemCode, quantities, negative));
        }
        return entries;
    }

    private LedgerEntry WorkItem(string agentId, DateOnly date, string department, string code, decimal[] quantities, bool negative)
    {
        Span<char> buffer = stackalloc char[InputsLength + code.Length];
        var inputs = new InputsWriter(buffer);
        var points = 0m;
        string? reason = null;
        var work = Rules.Workload;
        if (work is null)
        {
            reason = "these rules score no work items (no \"workload\" section)";
        }
        else if (!work.Items.TryGetValue(code, out var value))
        {
            reason = "item code has no value B in these rules";
        }
        else
        {
            inputs.Name("B");
            inputs.Decimal(value);
            inputs.Name("w");
            inputs.Decimal(work.Weight);
            Role(ref inputs, "single", quantities[(int)WorkItemRole.Single], work.Eta.Single);
            Role(ref inputs, "primary", quantities[(int)WorkItemRole.Primary], work.Eta.Primary);
            Role(ref inputs, "secondary", quantities[(int)WorkItemRole.Secondary], work.Eta.Secondary);
            if (negative)
            {
                reason = "refused: a work item's quantity is negative";
            }
            else
            {
                var weighted = quantities[(int)WorkItemRole.Single] * work.Eta.Single
                    + quantities[(int)WorkItemRole.Primary] * work.Eta.Primary
                    + quantities[(int)WorkItemRole.Secondary] * work.Eta.Secondary;
                points = Round(work.Weight * value * weighted);
            }
        }
        if (inputs.ToString().Length == 0)
        {
            inputs.Name("item");
            inputs.Text(code);
        }
        return new LedgerEntry
        {
            AgentId = agentId,
            Period = LedgerPeriod.Day(date),
            Rule = "work-item:" + code,
            Dimension = Dimension.Workload,
            Points = points,
            Inputs = inputs.ToString(),
            RulesVersion = Rules.Version,
            Department = department,
            Reason = reason,
            Measure = (double)(quantities[0] + quantities[1] + quantities[2]),
        };
    }

    private static void Role(ref InputsWriter inputs, string role, decimal quantity, decimal eta)
    {
        if (quantity == 0) return;
        inputs.Name(role);
        inputs.Decimal(quantity);
        inputs.Char('×');
        inputs.Decimal(eta);
    }

    private (decimal, string?, double?) Efficiency(EfficiencyRule rule, AgentDayMetrics day, string department, string specialty, PeerNorms norms, ref InputsWriter inputs)
    {
        var (e, reason, withheld) = Index(day, department, specialty, norms, ref inputs);
        if (e is not { } index) return (0m, reason, null);
        if (withheld) return (0m, reason, index);
        var points = rule.PointsAt(index);
        return (points, points <= 0 ? "E at or below the curve's first knot" : null, index);
    }

    /// <summary>A rule of kind <c>metric</c>: the minimum on the basis, the value (E from the norms), then the line or tiers.</summary>
    private (decimal, string?, double?) Metric(DailyMetricRule rule, AgentDayMetrics day, string department, string specialty, PeerNorms norms, ref InputsWriter inputs)
    {
        var metric = MetricCatalogue.Get(rule.Metric);
        Func<string, double?> of = name => MetricCatalogue.Get(name).Day?.Invoke(day);
        if (!MetricScoring.Qualifies(rule, metric, of, ref inputs, out var shortOf)) return (0m, shortOf, null);
        double value;
        if (metric.Name == MetricCatalogue.EfficiencyIndex)
        {
            var (e, reason, withheld) = Index(day, department, specialty, norms, ref inputs);
            if (e is not { } index) return (0m, reason, null);
            if (withheld) return (0m, reason, index);
            value = index;
        }
        else if (metric.Day!(day) is { } measured)
        {
            value = measured;
            MetricScoring.Write(metric, value, of, ref inputs);
        }
        else
        {
            MetricScoring.None(metric, ref inputs);
            return (0m, metric.Missing, null);
        }
        var (points, why) = MetricScoring.Score(rule, value);
        return (points, why, value);
    }

    /// <summary>
    /// The day's E and its inputs; null with the reason when the day has none; withheld (E kept as the measure) when
    /// short calls are above <c>shortCallShareMax</c>.
    /// </summary>
    private (double? E, string? Reason, bool Withheld) Index(AgentDayMetrics day, string department, string specialty, PeerNorms norms, ref InputsWriter inputs)
    {
        inputs.Name("N");
        inputs.Integer(day.AnsweredCalls);
        if (day.AnsweredCalls == 0) return (null, "no answered calls: no efficiency index", false);
        if (!day.HasTimeRecord) return (null, "no time record: no efficiency index", false);
        if (day.ScheduledSeconds <= 0) return (null, "not scheduled: no efficiency index", false);
        var norm = norms.Resolve(department, specialty);
        if (efficiency!.AnswerShareWeight > 0 && norm is { HasAnswerShare: false })
        {
            return (null, "the day's peer norms carry no answer share (computed before answerShareWeight was above 0): no efficiency index until the day is scored again", false);
        }
        var index = EfficiencyIndex.Compute(day, norm, efficiency.A, efficiency.AnswerShareWeight);
        if (index is not { } e) return (null, "no peers with an efficiency index that day", false);

        inputs.Name("E");
        inputs.Fixed(e.E, 1);
        inputs.Name("AHT");
        inputs.Fixed(e.AverageHandleSeconds, 0);
        inputs.Name("AHT_g");
        inputs.Fixed(e.Norm.MedianHandleSeconds, 0);
        inputs.Name("v");
        inputs.Fixed(e.CallsPerHour, 2);
        inputs.Name("v_g");
        inputs.Fixed(e.Norm.MedianCallsPerHour, 2);
        inputs.Name("Ti/Ts");
        inputs.Fixed(e.SignedInShare, 2);
        inputs.Name("peers");
        inputs.Text(ScopeName(e.Norm.Scope));
        inputs.Char(':');
        inputs.Integer(e.Norm.Agents);
        if (efficiency.AnswerShareWeight > 0)
        {
            // 话务接听占比 only where the rules weigh it: the presets' entries read as they always did.
            inputs.Name("share");
            inputs.Fixed(e.AnswerShare, 4);
            inputs.Name("share_g");
            inputs.Fixed(e.NormAnswerShare, 4);
            inputs.Name("w");
            inputs.Fixed(efficiency.AnswerShareWeight, 2);
        }

        // Short calls still count in N, so a day padded with hang-ups would look fast; withhold, never deduct.
        if (day.ShortCalls > efficiency.ShortCallShareMax * day.AnsweredCalls)
        {
            inputs.Name("short");
            inputs.Integer(day.ShortCalls);
            inputs.Char('/');
            inputs.Integer(day.AnsweredCalls);
            return (e.E, "withheld: short calls above shortCallShareMax (anti-gaming guard, not a deduction)", true);
        }
        return (e.E, null, false);
    }

    private static (decimal, string?, double?) Attendance(AttendanceRule rule, AgentDayMetrics day, ref InputsWriter inputs)
    {
        if (!day.HasTimeRecord || day.ScheduledSeconds <= 0)
        {
            inputs.Name("Ts");
            inputs.Integer(day.ScheduledSeconds);
            return (0m, "not a scheduled day", null);
        }
        var share = (double)day.SignedInSeconds / day.ScheduledSeconds;
        inputs.Name("Ti/Ts");
        inputs.Fixed(share, 3);
        inputs.Name("min");
        inputs.Fixed(rule.MinSignedInShare, 3);
        return AtLeast(day.SignedInSeconds, rule.MinSignedInShare * day.ScheduledSeconds)
            ? (rule.Points, null, share)
            : (0m, "signed in below minSignedInShare of the schedule", share);
    }

    private static (decimal, string?, double?) Adherence(AdherenceRule rule, AgentDayMetrics day, ref InputsWriter inputs)
    {
        inputs.Name("adherence");
        if (day.Adherence is not { } adherence)
        {
            inputs.Text("none");
            return (0m, "no adherence recorded", null);
        }
        inputs.Fixed(adherence, 3);
        inputs.Name("min");
        inputs.Fixed(rule.MinAdherence, 3);
        return AtLeast(adherence, rule.MinAdherence)
            ? (rule.Points, null, adherence)
            : (0m, "adherence below minAdherence", adherence);
    }

    private static (decimal, string?, double?) NotReady(NotReadyRule rule, AgentDayMetrics day, ref InputsWriter inputs)
    {
        if (!day.HasTimeRecord || day.SignedInSeconds <= 0)
        {
            inputs.Name("Ti");
            inputs.Integer(day.SignedInSeconds);
            return (0m, "not signed in", null);
        }
        var share = (double)day.NotReadySeconds / day.SignedInSeconds;
        inputs.Name("Tn/Ti");
        inputs.Fixed(share, 3);
        inputs.Name("max");
        inputs.Fixed(rule.MaxShareOfSignedIn, 3);
        return AtLeast(rule.MaxShareOfSignedIn * day.SignedInSeconds, day.NotReadySeconds)
            ? (rule.Points, null, share)
            : (0m, "not-ready above maxShareOfSignedIn of signed-in time", share);
    }

    // Shares like 0.9 × Ts are not exact in binary; a day exactly on the threshold must pass.
    private static bool AtLeast(double value, double threshold) => value >= threshold - 1e-9 * Math.Max(1, Math.Abs(threshold));

    internal static decimal Round(decimal points) => decimal.Round(points, 2, MidpointRounding.AwayFromZero);

    internal static string ScopeName(PeerScope scope) => scope switch
    {
        PeerScope.Group => "group",
        PeerScope.Department => "department",
        _ => "center",
    };
}
