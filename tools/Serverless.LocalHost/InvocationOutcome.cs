using System.Text.Json;

namespace Serverless.LocalHost;

/// <summary>How one invocation ended: its outputs when it succeeded, the failure reason when not.</summary>
public sealed record InvocationOutcome(string Function, string InvocationId, bool Succeeded, TimeSpan Duration, JsonElement? Outputs, string? Failure)
{
    public IEnumerable<JsonElement> OutputValues(string bindingName)
    {
        if (Outputs is not { ValueKind: JsonValueKind.Object } outputs) yield break;
        foreach (var property in outputs.EnumerateObject())
        {
            if (!property.Name.Equals(bindingName, StringComparison.OrdinalIgnoreCase)) continue;
            if (property.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in property.Value.EnumerateArray()) yield return item;
            }
            else if (property.Value.ValueKind != JsonValueKind.Null)
            {
                yield return property.Value;
            }
        }
    }
}
