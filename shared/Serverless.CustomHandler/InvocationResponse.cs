using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.CustomHandler;

/// <summary>
/// What the handler answers to an invocation: output-binding values keyed by binding name in
/// <see cref="Outputs"/>, log lines the host writes to the function's log, and the return value.
/// A non-2xx status instead tells the host the invocation failed (so it retries or redelivers).
/// </summary>
/// <typeparam name="TOutputs">A record whose properties are named after the function's output bindings.</typeparam>
public sealed record InvocationResponse<TOutputs>(
    [property: JsonPropertyName("Outputs")] TOutputs? Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] JsonElement? ReturnValue = null);

/// <summary>The outputs of a function with no output bindings.</summary>
public sealed record NoOutputs;
