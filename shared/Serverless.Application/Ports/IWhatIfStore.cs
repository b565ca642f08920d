using Serverless.Domain.Scoring;

namespace Serverless.Application.Ports;

/// <summary>
/// A what-if job's scratch output and report, apart from everything a month publishes: each day it scored under the
/// draft (replaced whole when a redelivered step scores the day again), and the report files (<c>what-if.json</c>,
/// <c>what-if.csv</c>). Nothing here is a ledger, a month row or a month's file.
/// </summary>
public interface IWhatIfStore
{
    /// <summary>Stores (or replaces) the job's scored <paramref name="day"/>: one line per agent.</summary>
    Task PutDayAsync(string jobId, DateOnly day, IReadOnlyList<WhatIfAgentDay> agents, CancellationToken cancellationToken);

    /// <summary>The job's stored days; a day asked for and not stored is an error (the job's row says it was scored).</summary>
    Task<IReadOnlyList<WhatIfAgentDay>> GetDaysAsync(string jobId, IReadOnlyCollection<DateOnly> days, CancellationToken cancellationToken);

    /// <summary>Writes (or replaces) one of the job's report files.</summary>
    Task PutReportAsync(string jobId, string fileName, byte[] content, CancellationToken cancellationToken);

    /// <summary>Opens one of the job's report files, or null when it is absent.</summary>
    Task<PublishedFileContent?> OpenReportAsync(string jobId, string fileName, CancellationToken cancellationToken);
}

/// <summary>One agent's day as a what-if scored it: the department it was scored in and the day's figures (<see cref="MonthFigures.Of"/>).</summary>
public sealed record WhatIfAgentDay(string AgentId, DateOnly Date, string Department, MonthFigures Figures);
