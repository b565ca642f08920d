using Serverless.Domain.Exports;

namespace Serverless.Application.Ports;

/// <summary>The roster (花名册): who each agent is and where they work now.</summary>
public interface IRosterStore
{
    Task UpsertAsync(IReadOnlyList<RosterRecord> records, CancellationToken cancellationToken);

    /// <summary>The roster entries of the given agents; agents not on the roster are absent.</summary>
    Task<IReadOnlyDictionary<string, RosterRecord>> GetAsync(IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken);

    Task<IReadOnlyList<RosterRecord>> GetAllAsync(CancellationToken cancellationToken);
}
