using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Serverless.EndToEnd.Tests.Infra;

/// <summary>One <c>functions/{Name}/function.json</c>: the bindings the host reads.</summary>
public sealed partial record FunctionJson(string Name, IReadOnlyList<FunctionBinding> Bindings, IReadOnlyList<string> PercentSettings)
{
    public static IReadOnlyList<FunctionJson> ReadAll(string functionsRoot) =>
        Directory.EnumerateDirectories(functionsRoot)
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Select(d =>
            {
                var text = File.ReadAllText(Path.Combine(d, "function.json"));
                var json = JsonNode.Parse(text)!;
                var bindings = (json["bindings"] as JsonArray ?? []).Select(b => new FunctionBinding(
                    b!["type"]!.ToString(), b["direction"]?.ToString() ?? "", b["connection"]?.ToString(), b["queueName"]?.ToString(), b["authLevel"]?.ToString())).ToList();
                var settings = Percent().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
                return new FunctionJson(Path.GetFileName(d), bindings, settings);
            })
            .ToList();

    [GeneratedRegex("%(\\w+)%")]
    private static partial Regex Percent();
}

public sealed record FunctionBinding(string Type, string Direction, string? Connection, string? QueueName, string? AuthLevel = null);
