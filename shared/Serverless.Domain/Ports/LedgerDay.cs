using Serverless.Domain.Scoring;

namespace Serverless.Domain.Ports;

/// <summary>
/// One agent's scored day as <see cref="ILedger.ReplaceDaysAsync"/> writes it: the day's entries (none when the day's
/// metrics are gone), the imports they came from, and the rules the day was scored under before (whose entries that
/// are no longer scored must go).
/// </summary>
public sealed record LedgerDay(string AgentId, IReadOnlyList<LedgerEntry> Entries, IReadOnlyList<string> ImportIds, IReadOnlyCollection<string> PreviousRules);
