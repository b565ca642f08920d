using Serverless.Domain.Exports;

namespace Serverless.Application.Ports;

/// <summary>
/// Reads of the roster (花名册) for the HR API: a filtered list one bounded page at a time, so no caller can make
/// the app load the whole roster into memory.
/// </summary>
public interface IRosterQueries
{
    /// <summary>
    /// One page of agents matching <paramref name="filter"/>, in agent-id order. A page may hold fewer than
    /// <paramref name="pageSize"/> agents and still have a continuation (the table scans in slices).
    /// </summary>
    Task<RosterPage> ListAsync(RosterFilter filter, int pageSize, string? continuation, CancellationToken cancellationToken);
}

/// <summary>Roster list filters; null means "any". Values match exactly.</summary>
public sealed record RosterFilter(string? Department, string? Specialty, string? Team, RosterStatus? Status);

/// <summary>One page of the roster and where the next one starts (null: this was the last page).</summary>
public sealed record RosterPage(IReadOnlyList<RosterRecord> Agents, string? Continuation);
