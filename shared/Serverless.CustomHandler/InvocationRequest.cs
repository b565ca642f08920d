using System.Text.Json.Serialization;

namespace Serverless.CustomHandler;

/// <summary>
/// What the Functions host POSTs to <c>/{FunctionName}</c>: the trigger and input-binding values keyed by
/// binding name in <see cref="Data"/>, trigger metadata in <see cref="Metadata"/>.
/// </summary>
/// <typeparam name="TData">A record whose properties are named after the function's input bindings.</typeparam>
public sealed record InvocationRequest<TData>(
    [property: JsonPropertyName("Data")] TData Data,
    [property: JsonPropertyName("Metadata")] InvocationMetadata? Metadata);
