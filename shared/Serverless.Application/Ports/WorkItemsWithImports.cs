using Serverless.Domain.Exports;

namespace Serverless.Application.Ports;

/// <summary>One agent's work items of a day, all sources, with the imports they came from (ordinal order).</summary>
public sealed record WorkItemsWithImports(string AgentId, IReadOnlyList<WorkItemRecord> Items, IReadOnlyList<string> ImportIds);
