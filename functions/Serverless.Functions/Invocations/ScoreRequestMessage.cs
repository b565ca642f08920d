using System.Text.Json.Serialization;
using Serverless.Application.UseCases;

namespace Serverless.Functions.Invocations;

/// <summary>
/// A <c>score-requests</c> message on the wire: the domain's <see cref="ScoreRequest"/> and the W3C <c>traceparent</c> of
/// the import that sent it, so scoring continues that trace (an older message without it still reads).
/// </summary>
public sealed record ScoreRequestMessage(
    DateOnly Date,
    IReadOnlyList<string> AgentIds,
    string Reason,
    string? ImportId,
    [property: JsonPropertyName("traceparent"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TraceParent)
{
    public static ScoreRequestMessage From(ScoreRequest request, string? traceParent) =>
        new(request.Date, request.AgentIds, request.Reason, request.ImportId, traceParent);

    public ScoreRequest ToRequest() => new(Date, AgentIds, Reason, ImportId);
}
