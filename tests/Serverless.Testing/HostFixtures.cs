using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Testing;

/// <summary>The recorded host payloads (<c>HostPayloads/</c>, see its README) and a way to compare payloads by shape.</summary>
public static class HostFixtures
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "HostPayloads", name));

    /// <summary>
    /// A payload's shape: every key, and for each value its JSON kind, where a string that holds JSON (the host's
    /// once-more serialised strings, numbers sent as strings) is described by what it holds, however deep. Two payloads
    /// of one shape differ only in values.
    /// </summary>
    public static string Shape(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject obj => "{" + string.Join(",", obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{Shape(p.Value)}")) + "}",
        JsonArray array => "[" + string.Join("|", array.Select(Shape).Distinct(StringComparer.Ordinal)) + "]",
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => StringShape(value.GetValue<string>()),
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "bool",
            _ => "null",
        },
        _ => node.GetValueKind().ToString(),
    };

    /// <summary>Each key path with its shape, one a line: a readable diff when two shapes differ.</summary>
    public static IReadOnlyList<string> ShapeLines(JsonNode? node, string path = "")
    {
        var lines = new List<string>();
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.OrderBy(p => p.Key, StringComparer.Ordinal)) lines.AddRange(ShapeLines(child, path.Length == 0 ? key : $"{path}.{key}"));
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && Inner(value.GetValue<string>()) is { } inner:
                lines.AddRange(ShapeLines(inner, path + "→json"));
                break;
            default:
                lines.Add($"{path} {Shape(node)}");
                break;
        }
        return lines;
    }

    private static string StringShape(string text) => Inner(text) is { } inner ? $"json({Shape(inner)})" : "string";

    private static JsonNode? Inner(string text)
    {
        var trimmed = text.TrimStart();
        if (trimmed.Length == 0 || !(trimmed[0] is '{' or '[' or '"' || char.IsDigit(trimmed[0]) || trimmed[0] == '-')) return null;
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
