using Serverless.Domain.Metrics;
using Serverless.Domain.Ports;

namespace Serverless.Domain.Pipeline;

/// <summary>Closes a month: ranks every scored agent across departments and writes the ranking file.</summary>
public sealed class MonthPublisher(IDaySummaryStore scored, IRosterStore roster, IPublicationStore publications)
{
    public async Task<string> PublishAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var days = await scored.GetMonthAsync(month, cancellationToken);
        var people = (await roster.GetAllAsync(cancellationToken)).ToDictionary(r => r.AgentId, StringComparer.Ordinal);
        var totals = days
            .GroupBy(d => d.AgentId, StringComparer.Ordinal)
            .Select(g =>
            {
                var answered = g.Sum(d => d.AnsweredCalls);
                var handled = g.Sum(d => (d.AverageHandleSeconds ?? 0) * d.AnsweredCalls);
                people.TryGetValue(g.Key, out var person);
                return (AgentId: g.Key, Name: person?.Name ?? "", Department: g.Last().Department, Answered: answered, Aht: answered > 0 ? handled / answered : (double?)null);
            })
            .OrderByDescending(t => t.Answered)
            .ThenBy(t => t.AgentId, StringComparer.Ordinal)
            .ToList();

        var rows = new List<RankingRow>(totals.Count);
        for (var i = 0; i < totals.Count; i++)
        {
            // Competition ranking (1, 2, 2, 4): equal totals share the better rank.
            var rank = i > 0 && totals[i].Answered == totals[i - 1].Answered ? rows[i - 1].Rank : i + 1;
            var t = totals[i];
            rows.Add(new RankingRow(rank, t.AgentId, t.Name, t.Department, t.Answered, t.Aht is { } aht ? Math.Round(aht, 1) : null));
        }
        var location = await publications.WriteRankingAsync(month, rows, cancellationToken);
        return $"Published {month}: {rows.Count} agents ranked → {location}";
    }
}
