using System.Text.Json;

namespace Serverless.LocalHost;

/// <summary>How one invocation ended: its outputs when it succeeded, the failure reason when not.</summary>
public sealed record InvocationOutcome(string Function, string InvocationId, bool Succeeded, TimeSpan Duration, JsonElement? Outputs, string? Failure)
{
    /// <summary>The value the handler gave an output binding (names compare case-insensitively, as the host's dictionary does).</summary>
    public JsonElement? OutputValue(string bindingName)
    {
        if (Outputs is not { ValueKind: JsonValueKind.Object } outputs) return null;
        foreach (var property in outputs.EnumerateObject())
        {
            if (property.Name.Equals(bindingName, StringComparison.OrdinalIgnoreCase)) return property.Value;
        }
        return null;
    }
}
