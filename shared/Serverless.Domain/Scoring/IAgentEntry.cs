namespace Serverless.Domain.Scoring;

/// <summary>
/// What an append-only entry entered for an agent (a team-building award, a leader adjustment) is about: one agent and
/// the day it is for, whose month it counts in.
/// </summary>
public interface IAgentEntry
{
    string AgentId { get; }

    DateOnly Date { get; }
}
