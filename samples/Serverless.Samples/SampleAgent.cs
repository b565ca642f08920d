using Serverless.Domain.Exports;

namespace Serverless.Samples;

/// <summary>One synthetic agent (坐席) as the roster export lists them; the name is made up from short lists.</summary>
public sealed record SampleAgent(
    string AgentId,
    string Name,
    string Department,
    string Specialty,
    string Team,
    DateOnly HireDate,
    RosterStatus Status);
