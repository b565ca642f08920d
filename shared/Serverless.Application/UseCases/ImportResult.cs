using Serverless.Application.Ports;

namespace Serverless.Application.UseCases;

/// <summary>What one import did: its status row, the score requests it asks for, and what it did in a line.</summary>
public sealed record ImportResult(ImportRecord? Record, IReadOnlyList<ScoreRequest> ScoreRequests, string Summary)
{
    /// <summary>What the import did, one line per step: the import itself, then any refresh of the day's peer norms.</summary>
    public IReadOnlyList<string> Log { get; init; } = [Summary];
}
