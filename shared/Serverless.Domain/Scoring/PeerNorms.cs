using System.Runtime.InteropServices;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Scoring;

/// <summary>
/// One day's peer norms (同组基准) for every department+specialty, department and the center, with the fallback
/// from a small group to its department to the center.
/// </summary>
/// <remarks>
/// A norm is a median over everyone in the group that day, so no agent-day can be scored alone: compute this once per
/// day from the whole day's metrics, store <see cref="Norms"/> beside the day, and restore with <see cref="FromNorms"/>
/// when re-scoring. It covers the whole center, not one department, because a small department falls back to the
/// center's norm. A corrected export changes the medians, so the day's norms (and the day) are recomputed with it.
/// Peers are the agents who have an E that day: N ≥ 1, a time record and a schedule (Ts &gt; 0).
/// </remarks>
public sealed class PeerNorms
{
    private readonly Dictionary<(string Department, string Specialty), PeerNorm> groups;
    private readonly Dictionary<string, PeerNorm> departments;
    private readonly PeerNorm? center;

    private PeerNorms(IReadOnlyList<PeerNorm> norms, int minGroupSize)
    {
        Norms = norms;
        MinGroupSize = minGroupSize;
        groups = [];
        departments = new Dictionary<string, PeerNorm>(StringComparer.Ordinal);
        foreach (var norm in norms)
        {
            switch (norm.Scope)
            {
                case PeerScope.Group: groups[(norm.Department, norm.Specialty)] = norm; break;
                case PeerScope.Department: departments[norm.Department] = norm; break;
                default: center = norm; break;
            }
        }
    }

    /// <summary>Every norm of the day: groups, then departments, then the center, each ordered by name.</summary>
    public IReadOnlyList<PeerNorm> Norms { get; }

    public int MinGroupSize { get; }

    /// <summary>No peers at all (e.g. a day without calls).</summary>
    public static PeerNorms Empty { get; } = new([], 1);

    /// <summary>True when an agent-day takes part in the peer norms and can have an E.</summary>
    public static bool IsPeer(AgentDayMetrics day) => day.AnsweredCalls > 0 && day.HasTimeRecord && day.ScheduledSeconds > 0;

    public static PeerNorms Compute(IEnumerable<(AgentDayMetrics Metrics, string Department, string Specialty)> day, EfficiencyRules rules)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(rules);
        // The answer-share figures only when the rules weigh them: norms of rules that do not are exactly what they were.
        var answerShare = rules.AnswerShareWeight > 0;
        var groupSamples = new Dictionary<(string, string), Samples>();
        var departmentSamples = new Dictionary<string, Samples>(StringComparer.Ordinal);
        var centerSamples = new Samples();
        foreach (var (metrics, department, specialty) in day)
        {
            if (!IsPeer(metrics)) continue;
            var aht = (double)metrics.HandleSeconds / metrics.AnsweredCalls;
            var perHour = metrics.AnsweredCalls * 3600.0 / metrics.ScheduledSeconds;
            if (!groupSamples.TryGetValue((department, specialty), out var group)) groupSamples[(department, specialty)] = group = new Samples();
            if (!departmentSamples.TryGetValue(department, out var dept)) departmentSamples[department] = dept = new Samples();
            group.Add(aht, perHour, metrics.AnsweredCalls);
            dept.Add(aht, perHour, metrics.AnsweredCalls);
            centerSamples.Add(aht, perHour, metrics.AnsweredCalls);
        }

        var norms = new List<PeerNorm>(groupSamples.Count + departmentSamples.Count + 1);
        foreach (var ((department, specialty), samples) in groupSamples.OrderBy(g => g.Key.Item1, StringComparer.Ordinal).ThenBy(g => g.Key.Item2, StringComparer.Ordinal))
        {
            norms.Add(samples.Norm(PeerScope.Group, department, specialty, answerShare));
        }
        foreach (var (department, samples) in departmentSamples.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            norms.Add(samples.Norm(PeerScope.Department, department, "", answerShare));
        }
        if (centerSamples.Count > 0) norms.Add(centerSamples.Norm(PeerScope.Center, "", "", answerShare));
        return new PeerNorms(norms, rules.MinGroupSize);
    }

    /// <summary>Rebuilds stored norms; <paramref name="minGroupSize"/> comes from the rules that score the day.</summary>
    public static PeerNorms FromNorms(IEnumerable<PeerNorm> norms, int minGroupSize) => new(norms.ToList(), minGroupSize);

    /// <summary>
    /// The norm an agent of this department and specialty is compared with: the group's when it has at least
    /// <see cref="MinGroupSize"/> peers, else the department's, else the center's (whatever its size); null with no peers.
    /// </summary>
    public PeerNorm? Resolve(string department, string specialty)
    {
        if (groups.TryGetValue((department, specialty), out var group) && group.Agents >= MinGroupSize) return group;
        if (departments.TryGetValue(department, out var dept) && dept.Agents >= MinGroupSize) return dept;
        return center;
    }

    private sealed class Samples
    {
        private readonly List<double> handle = [];
        private readonly List<double> perHour = [];
        private readonly List<double> answered = [];
        private long answeredTotal;

        public int Count => handle.Count;

        public void Add(double aht, double callsPerHour, int answeredCalls)
        {
            handle.Add(aht);
            perHour.Add(callsPerHour);
            answered.Add(answeredCalls);
            answeredTotal += answeredCalls;
        }

        public PeerNorm Norm(PeerScope scope, string department, string specialty, bool answerShare) => answerShare
            ? new(scope, department, specialty, handle.Count, Median(handle), Median(perHour), Median(answered), answeredTotal)
            : new(scope, department, specialty, handle.Count, Median(handle), Median(perHour));

        // Medians, not means: one agent stuck on a 40-minute outage call must not move everyone's norm.
        // Selection rather than a sort: the center's sample is the whole day, and sorting it dominated the norms.
        private static double Median(List<double> values)
        {
            var span = CollectionsMarshal.AsSpan(values);
            var middle = span.Length / 2;
            var upper = Select(span, middle);
            if (span.Length % 2 == 1) return upper;
            var lower = span[0];
            for (var i = 1; i < middle; i++) lower = Math.Max(lower, span[i]);
            return (lower + upper) / 2;
        }

        // Hoare selection: afterwards span[k] holds the k-th smallest, everything before it is ≤ it.
        private static double Select(Span<double> span, int k)
        {
            var (left, right) = (0, span.Length - 1);
            while (left < right)
            {
                var pivot = MedianOfThree(span[left], span[left + (right - left) / 2], span[right]);
                var (i, j) = (left, right);
                while (i <= j)
                {
                    while (span[i] < pivot) i++;
                    while (span[j] > pivot) j--;
                    if (i > j) break;
                    (span[i], span[j]) = (span[j], span[i]);
                    i++;
                    j--;
                }
                if (k <= j) right = j;
                else if (k >= i) left = i;
                else break;
            }
            return span[k];
        }

        private static double MedianOfThree(double a, double b, double c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
    }
}
