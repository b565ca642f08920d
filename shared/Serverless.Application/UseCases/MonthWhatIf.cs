using Serverless.Application.Ports;
using Serverless.Domain.Jobs;
using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;
using Serverless.Domain.Scoring;

namespace Serverless.Application.UseCases;

/// <summary>
/// A rules draft previewed on a month (规则试算), as a job of the re-score queue (<see cref="JobKind.WhatIf"/>): each
/// step scores one day of the month under the draft with the scoring code itself (<see cref="AgentDayScorer.EvaluateAsync"/>)
/// into the job's scratch output (<see cref="IWhatIfStore"/>), never into the ledger or the month rows; the last step sums
/// the days into each agent's month, closes the month under the draft and as it stands with the close's own code
/// (<see cref="MonthPublisher.CompareAsync"/>), and writes the diff (<see cref="RankingWhatIf"/>) as the job's
/// <c>what-if.json</c> and <c>what-if.csv</c>. The draft scores every day of the month, whatever its effectiveFrom: the
/// preview is of the draft's rules on that month's data, which is what publishing shows once the draft is in force from
/// the month's first day and the month is re-scored.
/// </summary>
public sealed class MonthWhatIf(IRulesStore rules, IMetricsStore metrics, MonthRescorer rescorer, AgentDayScorer scorer, MonthPublisher publisher, IWhatIfStore store, ScoreRequestLimits limits, TimeProvider clock)
{
    /// <summary>The rules version a what-if may preview: a draft or an approved version (not a withdrawn one); null when none.</summary>
    public async Task<RulesVersionState?> FindVersionAsync(string version, CancellationToken cancellationToken) =>
        (await rules.GetVersionsAsync(cancellationToken)).FirstOrDefault(v => v.Document.Version == version);

    /// <summary>Whether any day of <paramref name="month"/> has stored metrics (one small query a day, until one has).</summary>
    public async Task<bool> HasDataAsync(YearMonth month, CancellationToken cancellationToken)
    {
        foreach (var day in month.Days())
        {
            if ((await metrics.GetKindsAsync(day, cancellationToken)).Count > 0) return true;
        }
        return false;
    }

    /// <summary>Scores <paramref name="day"/> of the job's month under its rules version into the job's scratch output; returns the agent-days scored.</summary>
    public async Task<int> ScoreDayAsync(RescoreJob job, DateOnly day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var document = await DocumentAsync(job, cancellationToken);
        var agents = await rescorer.AgentsOfDayAsync(day, cancellationToken);
        var lines = new List<WhatIfAgentDay>(agents.Count);
        // In the batches a re-score scores the day in, so a day reads what a re-score of it reads, a batch at a time.
        foreach (var batch in ScoreRequest.Batches(day, agents, "what-if", null, limits))
        {
            foreach (var scored in await scorer.EvaluateAsync(day, document, batch.AgentIds, cancellationToken))
            {
                lines.Add(new WhatIfAgentDay(scored.Metrics.AgentId, day, scored.Department,
                    MonthFigures.Of([scored.Metrics], scored.Entries.Where(e => e.Period.Kind == LedgerPeriodKind.Day))));
            }
        }
        await store.PutDayAsync(job.Id, day, lines, cancellationToken);
        return lines.Count;
    }

    /// <summary>
    /// The job's report, once every day is scored (<paramref name="days"/>: all of them): each agent's month summed from
    /// its days, the month closed under the draft and as it stands, and the diff written as the job's files.
    /// </summary>
    public async Task<WhatIfTotals> ReportAsync(RescoreJob job, IReadOnlyCollection<DateOnly> days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(days);
        var document = await DocumentAsync(job, cancellationToken);
        var scored = await store.GetDaysAsync(job.Id, days, cancellationToken);
        var months = Months(job.Month, scored);
        var (problem, before, after) = await publisher.CompareAsync(job.Month, document, months, cancellationToken);
        if (problem is not null) throw new InvalidOperationException($"What-if {job.Id}: {problem.Message}");
        var diff = RankingWhatIf.Compare(job.Month, Side(before!), Side(after!));
        var at = clock.GetUtcNow();
        // The CSV first and the JSON last: a reader that finds what-if.json finds the CSV beside it.
        await store.PutReportAsync(job.Id, WhatIfReport.CsvName, WhatIfReport.Csv(diff), cancellationToken);
        await store.PutReportAsync(job.Id, WhatIfReport.JsonName, WhatIfReport.Json(diff, at), cancellationToken);
        return WhatIfReport.Document(diff, at).Totals;
    }

    /// <summary>Each agent's month as month close reads it, from the days the what-if scored (the last day's department).</summary>
    public static IReadOnlyList<AgentMonthSummary> Months(YearMonth month, IReadOnlyList<WhatIfAgentDay> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        return [.. days
            .GroupBy(d => d.AgentId, StringComparer.Ordinal)
            .Select(g => new AgentMonthSummary(
                g.Key, month, MonthFigures.Sum(g.Select(d => d.Figures)), g.MaxBy(d => d.Date)!.Department, []))
            .OrderBy(s => s.AgentId, StringComparer.Ordinal)];
    }

    private static WhatIfSide Side(MonthCloseResult close) => new(
        close.Rules.Version,
        close.Ranking,
        close.Scores.ToDictionary(
            s => s.AgentId,
            s => (IReadOnlyDictionary<Dimension, decimal>)s.Score.Totals.Dimensions.ToDictionary(d => d.Dimension, d => d.Counted),
            StringComparer.Ordinal));

    private async Task<RulesDocument> DocumentAsync(RescoreJob job, CancellationToken cancellationToken)
    {
        var version = job.RulesVersion ?? throw new InvalidOperationException($"Job {job.Id} is a what-if without a rules version.");
        var found = await FindVersionAsync(version, cancellationToken)
            ?? throw new InvalidOperationException($"What-if {job.Id}: rules version '{version}' is gone.");
        return found.Document;
    }
}
