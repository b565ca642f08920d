using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.CustomHandler;

/// <summary>One function's <c>function.json</c>: its name (the folder's) and its bindings.</summary>
public sealed record FunctionDefinition(string Name, IReadOnlyList<BindingDefinition> Bindings)
{
    public BindingDefinition Trigger => Bindings.SingleOrDefault(b => b.Direction == "in" && b.Type.EndsWith("Trigger", StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"Function {Name} has no trigger binding.");

    public IEnumerable<BindingDefinition> Outputs => Bindings.Where(b => b.Direction == "out");

    /// <summary>Reads every <c>{appRoot}/*/function.json</c> as the host does at start.</summary>
    public static IReadOnlyList<FunctionDefinition> LoadAll(string appRoot)
    {
        var functions = new List<FunctionDefinition>();
        foreach (var dir in Directory.EnumerateDirectories(appRoot).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(dir, "function.json");
            if (!File.Exists(file)) continue;
            var json = JsonSerializer.Deserialize<FunctionJson>(File.ReadAllText(file), JsonOptions)
                ?? throw new InvalidDataException($"{file} is empty.");
            functions.Add(new FunctionDefinition(Path.GetFileName(dir), json.Bindings));
        }
        return functions;
    }

    internal static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    private sealed record FunctionJson(IReadOnlyList<BindingDefinition> Bindings);
}

/// <summary>One binding of a <c>function.json</c>; the properties the app's bindings use.</summary>
public sealed record BindingDefinition
{
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("direction")] public required string Direction { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("queueName")] public string? QueueName { get; init; }
    [JsonPropertyName("connection")] public string? Connection { get; init; }
    [JsonPropertyName("schedule")] public string? Schedule { get; init; }
    [JsonPropertyName("runOnStartup")] public bool RunOnStartup { get; init; }
    [JsonPropertyName("route")] public string? Route { get; init; }
    [JsonPropertyName("authLevel")] public string? AuthLevel { get; init; }
    [JsonPropertyName("methods")] public IReadOnlyList<string>? Methods { get; init; }
}
