namespace Serverless.Domain.Exports;

/// <summary>One agent on the roster (花名册).</summary>
public sealed record RosterRecord(
    string AgentId,
    string Name,
    string Department,
    string Specialty,
    string Team,
    DateOnly? HireDate,
    RosterStatus Status);

/// <summary>在岗 / 离职.</summary>
public enum RosterStatus
{
    Active,
    Left,
}
