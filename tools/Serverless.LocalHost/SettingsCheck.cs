using System.Text.Json.Nodes;

namespace Serverless.LocalHost;

/// <summary>
/// Names every setting in host.json and function.json that the local host does not act on, so nothing configured is
/// silently ignored: a run here that differs from Azure because of such a setting says so at start.
/// </summary>
public static class SettingsCheck
{
    /// <summary>host.json settings the local host implements (leaf paths).</summary>
    private static readonly HashSet<string> HostSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        "version",
        "extensionBundle.id", "extensionBundle.version",
        "customHandler.description.defaultExecutablePath", "customHandler.description.workingDirectory", "customHandler.description.arguments",
        "customHandler.enableProxyingHttpRequest",
        "extensions.http.routePrefix", "extensions.http.maxConcurrentRequests",
        "extensions.serviceBus.maxConcurrentCalls", "extensions.serviceBus.maxAutoLockRenewalDuration",
        "extensions.queues.batchSize", "extensions.queues.newBatchThreshold", "extensions.queues.maxDequeueCount",
        "extensions.queues.visibilityTimeout", "extensions.queues.maxPollingInterval", "extensions.queues.messageEncoding",
        "functionTimeout",
    };

    /// <summary>Settings implemented only with one value (the one Azure's behaviour here matches).</summary>
    private static readonly Dictionary<string, string> HostSettingValues = new(StringComparer.OrdinalIgnoreCase)
    {
        ["extensions.serviceBus.autoCompleteMessages"] = "true",
        ["extensions.serviceBus.prefetchCount"] = "0",
    };

    /// <summary>function.json settings the local host implements, per binding type.</summary>
    private static readonly Dictionary<string, HashSet<string>> BindingSettings = new(StringComparer.Ordinal)
    {
        ["serviceBusTrigger"] = ["queueName", "connection"],
        ["serviceBus"] = ["queueName", "connection"],
        ["queueTrigger"] = ["queueName", "connection"],
        ["eventGridTrigger"] = [],
        ["timerTrigger"] = ["schedule", "runOnStartup", "useMonitor"],
        ["httpTrigger"] = ["authLevel", "methods", "route"],
        ["http"] = [],
    };

    private static readonly HashSet<string> RetrySettings = new(StringComparer.Ordinal)
    {
        "strategy", "maxRetryCount", "delayInterval", "minimumInterval", "maximumInterval",
    };

    /// <summary>The triggers whose function-level <c>retry</c> the v4 host honours and the local host implements.</summary>
    private static readonly HashSet<string> RetryTriggers = new(StringComparer.Ordinal) { "timerTrigger" };

    /// <summary>App settings the target plan (Flex Consumption) does not support.</summary>
    private static readonly Dictionary<string, string> UnsupportedAppSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["WEBSITE_TIME_ZONE"] = "not supported on Flex Consumption or Linux Consumption: timers run in UTC",
    };

    /// <summary>Every setting in the app's host.json and function.json files that has no effect here, with why.</summary>
    public static IReadOnlyList<(string File, string Setting)> Unimplemented(string appRoot, string functionsRoot, IReadOnlyDictionary<string, string> appSettings)
    {
        var found = new List<(string, string)>();
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(appRoot, "host.json")), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
        foreach (var (path, value) in Leaves(host, ""))
        {
            if (HostSettings.Contains(path)) continue;
            if (HostSettingValues.TryGetValue(path, out var only))
            {
                if (!string.Equals(value, only, StringComparison.OrdinalIgnoreCase)) found.Add(("host.json", $"{path} = {value} (only {only} is implemented)"));
                continue;
            }
            found.Add(("host.json", path));
        }

        foreach (var dir in Directory.EnumerateDirectories(functionsRoot).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(dir, "function.json");
            if (!File.Exists(file)) continue;
            var name = $"{Path.GetFileName(dir)}/function.json";
            var json = JsonNode.Parse(File.ReadAllText(file), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();
            var trigger = "";
            foreach (var binding in json["bindings"]?.AsArray() ?? [])
            {
                var type = binding?["type"]?.GetValue<string>() ?? "";
                if (type.EndsWith("Trigger", StringComparison.Ordinal)) trigger = type;
                BindingSettings.TryGetValue(type, out var known);
                foreach (var (key, _) in binding!.AsObject())
                {
                    if (key is "type" or "direction" or "name") continue;
                    if (known is null || !known.Contains(key)) found.Add((name, $"bindings[{type}].{key}"));
                }
            }
            foreach (var (key, value) in json)
            {
                switch (key)
                {
                    case "bindings":
                        break;
                    case "retry" when RetryTriggers.Contains(trigger):
                        foreach (var (setting, _) in value!.AsObject())
                        {
                            if (!RetrySettings.Contains(setting)) found.Add((name, $"retry.{setting}"));
                        }
                        break;
                    case "retry":
                        found.Add((name, $"retry (the v4 host has no function-level retries for {trigger}: the trigger's own redelivery applies)"));
                        break;
                    default:
                        found.Add((name, key));
                        break;
                }
            }
        }

        foreach (var (setting, why) in UnsupportedAppSettings)
        {
            if (appSettings.TryGetValue(setting, out var value) && !string.IsNullOrWhiteSpace(value)) found.Add(("app settings", $"{setting} ({why})"));
        }
        return found;
    }

    private static IEnumerable<(string Path, string Value)> Leaves(JsonNode? node, string prefix)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    foreach (var leaf in Leaves(child, prefix.Length == 0 ? key : $"{prefix}.{key}")) yield return leaf;
                }
                break;
            default:
                // Scalars and arrays (of arguments, methods) are one setting each.
                yield return (prefix, node?.ToJsonString().Trim('"') ?? "null");
                break;
        }
    }
}
