using Serverless.Application.Ports;

namespace Serverless.Application.UseCases;

/// <summary>What one import did: its status row and the score requests it asks for.</summary>
public sealed record ImportResult(ImportRecord? Record, IReadOnlyList<ScoreRequest> ScoreRequests, string Summary);
