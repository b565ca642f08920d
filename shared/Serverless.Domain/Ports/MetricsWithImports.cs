using Serverless.Domain.Metrics;

namespace Serverless.Domain.Ports;

/// <summary>An agent-day's metrics, all sources combined, with the imports that contributed them (ordinal order).</summary>
public sealed record MetricsWithImports(AgentDayMetrics Metrics, IReadOnlyList<string> ImportIds);
