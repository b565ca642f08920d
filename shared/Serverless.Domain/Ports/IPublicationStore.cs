using Serverless.Domain.Metrics;

namespace Serverless.Domain.Ports;

/// <summary>Where a closed month's files go (<c>rankings/{yyyy-MM}/</c>).</summary>
public interface IPublicationStore
{
    /// <summary>Writes the month's ranking and returns where it is.</summary>
    Task<string> WriteRankingAsync(YearMonth month, IReadOnlyList<RankingRow> rows, CancellationToken cancellationToken);
}

/// <summary>One line of a month's ranking.</summary>
public sealed record RankingRow(int Rank, string AgentId, string Name, string Department, int AnsweredCalls, double? AverageHandleSeconds);
