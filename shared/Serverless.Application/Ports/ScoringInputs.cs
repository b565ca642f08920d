using Serverless.Domain.Exports;

namespace Serverless.Application.Ports;

/// <summary>What scoring a batch of one day's agents reads from the metrics store: the exports in for the day, and each agent's metrics with their imports.</summary>
public sealed record ScoringInputs(IReadOnlySet<ExportKind> ExportsIn, IReadOnlyList<MetricsWithImports> Agents);
