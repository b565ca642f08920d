using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Serverless.EndToEnd.Tests.Infra;

/// <summary>
/// The compiled template held against the app in this repository: its connections, function folders, queues,
/// settings and the Easy Auth trap. Each problem is one sentence a person can act on.
/// </summary>
public static partial class InfraCrossCheck
{
    public const string StorageAccountType = "Microsoft.Storage/storageAccounts";
    public const string ServiceBusType = "Microsoft.ServiceBus/namespaces";
    public const string InsightsType = "Microsoft.Insights/components";
    public const string IdentityType = "Microsoft.ManagedIdentity/userAssignedIdentities";

    // Azure built-in role ids.
    private const string BlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string BlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string QueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string TableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string ServiceBusDataOwner = "090c5cfd-751d-490a-894a-3ce6f1109419";
    private const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
    private const string ServiceBusDataReceiver = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0";
    private const string MetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    public static IReadOnlyList<string> Problems(BicepTemplate template, string functionsRoot)
    {
        var problems = new List<string>();
        var functions = FunctionJson.ReadAll(functionsRoot);
        var settings = AppSettings(template, problems);
        if (settings is null) return problems;

        Connections(template, functions, settings, problems);
        Monitoring(template, settings, problems);
        SettingsTheBindingsName(functions, settings, problems);
        Queues(template, functions, problems);
        EventGrid(template, functions, problems);
        EasyAuth(template, functions, settings, problems);
        Secrets(template, problems);
        return problems;
    }

    /// <summary>The function app's app settings, resolved: keys are literal, values what the template can know.</summary>
    private static Dictionary<string, JsonNode?>? AppSettings(BicepTemplate template, List<string> problems)
    {
        var config = template.OfType("Microsoft.Web/sites/config").FirstOrDefault(r => Name(r).EndsWith("appsettings", StringComparison.OrdinalIgnoreCase));
        if (config is null)
        {
            problems.Add("No Microsoft.Web/sites/config 'appsettings' resource: the app would start with no settings.");
            return null;
        }
        var raw = config.Json["properties"];
        var settings = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        // union(parameters('appSettings'), createObject('NAME', value, ...)) or a literal object.
        var text = raw?.ToString() ?? "";
        if (raw is JsonObject literal)
        {
            foreach (var (k, v) in literal) settings[k] = config.Scope.Resolve(v);
        }
        foreach (Match m in ParametersCall().Matches(text))
        {
            if (config.Scope.Resolve(JsonValue.Create($"[parameters('{m.Groups[1].Value}')]")) is JsonObject passed)
            {
                foreach (var (k, v) in passed) settings[k] = v?.DeepClone();
            }
        }
        foreach (Match m in CreateObjectKey().Matches(text)) settings.TryAdd(m.Groups[1].Value, ArmScope.Opaque.Of("set in the module"));
        return settings;
    }

    private static void Connections(BicepTemplate template, IReadOnlyList<FunctionJson> functions, Dictionary<string, JsonNode?> settings, List<string> problems)
    {
        var roles = RoleAssignments(template);
        // The host's own storage, and every connection a binding names.
        var connections = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["AzureWebJobsStorage"] = StorageAccountType };
        foreach (var binding in functions.SelectMany(f => f.Bindings))
        {
            if (binding.Connection is null) continue;
            connections[binding.Connection] = binding.Type.StartsWith("serviceBus", StringComparison.OrdinalIgnoreCase) ? ServiceBusType : StorageAccountType;
        }
        foreach (var (connection, type) in connections)
        {
            if (settings.ContainsKey(connection))
            {
                problems.Add($"App setting {connection} is set: that is a connection string (a key); use {connection}__… identity settings only.");
            }
            if (Text(settings, $"{connection}__credential") != "managedidentity")
            {
                problems.Add($"App setting {connection}__credential is not 'managedidentity'.");
            }
            var identity = ReferencedSymbol(settings.GetValueOrDefault($"{connection}__clientId"));
            if (identity is null || template.Resources.FirstOrDefault(r => r.Module == "main" && r.Symbol == identity)?.Type != IdentityType)
            {
                problems.Add($"App setting {connection}__clientId does not name the user-assigned identity's client id.");
                continue;
            }
            var serviceSettings = type == ServiceBusType
                ? new[] { $"{connection}__fullyQualifiedNamespace" }
                : new[] { $"{connection}__accountName", $"{connection}__blobServiceUri", $"{connection}__queueServiceUri", $"{connection}__tableServiceUri" };
            var present = serviceSettings.Where(settings.ContainsKey).ToList();
            if (present.Count == 0)
            {
                problems.Add($"Connection {connection} has none of {string.Join(", ", serviceSettings)}: nothing says where it is.");
                continue;
            }
            foreach (var name in present)
            {
                var module = ReferencedSymbol(settings[name]);
                if (module is null || !template.DeclaredIn(module).Any(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)))
                {
                    problems.Add($"App setting {name} does not come from a module that creates a {type}.");
                }
            }
            var granted = roles.Where(r => r.ScopeType.Equals(type, StringComparison.OrdinalIgnoreCase) && r.Principal == identity).Select(r => r.RoleId).ToHashSet();
            var missing = type == ServiceBusType
                ? (granted.Contains(ServiceBusDataOwner) || (granted.Contains(ServiceBusDataSender) && granted.Contains(ServiceBusDataReceiver)) ? [] : new[] { "Azure Service Bus Data Owner (or Sender and Receiver)" })
                : new[] { (BlobDataOwner, "Storage Blob Data Owner"), (QueueDataContributor, "Storage Queue Data Contributor"), (TableDataContributor, "Storage Table Data Contributor") }
                    .Where(r => !granted.Contains(r.Item1)).Select(r => r.Item2).ToArray();
            foreach (var role in missing)
            {
                problems.Add($"Connection {connection}: identity '{identity}' has no {role} role assignment on the {type}.");
            }
        }
    }

    private static void Monitoring(BicepTemplate template, Dictionary<string, JsonNode?> settings, List<string> problems)
    {
        if (!settings.ContainsKey("APPLICATIONINSIGHTS_CONNECTION_STRING")) problems.Add("APPLICATIONINSIGHTS_CONNECTION_STRING is not set: no telemetry leaves the app.");
        if (Text(settings, "APPLICATIONINSIGHTS_AUTHENTICATION_STRING") is not { } auth || !auth.Contains("Authorization=AAD", StringComparison.Ordinal))
        {
            problems.Add("APPLICATIONINSIGHTS_AUTHENTICATION_STRING is not 'ClientId=…;Authorization=AAD': ingestion needs the identity.");
        }
        var insights = template.OfType(InsightsType).Where(r => !r.Existing).ToList();
        if (insights.Count == 0) problems.Add("No Application Insights component.");
        if (insights.Any(r => r.Properties?["DisableLocalAuth"]?.GetValue<bool>() != true)) problems.Add("Application Insights accepts instrumentation-key ingestion (DisableLocalAuth is not true).");
        if (!RoleAssignments(template).Any(r => r.ScopeType == InsightsType && r.RoleId == MetricsPublisher))
        {
            problems.Add("No Monitoring Metrics Publisher role assignment on Application Insights: the identity could send no telemetry.");
        }
    }

    private static void SettingsTheBindingsName(IReadOnlyList<FunctionJson> functions, Dictionary<string, JsonNode?> settings, List<string> problems)
    {
        foreach (var (function, setting) in functions.SelectMany(f => f.PercentSettings.Select(s => (f.Name, s))))
        {
            if (!settings.ContainsKey(setting)) problems.Add($"{function}/function.json uses %{setting}%, which no app setting defines.");
        }
        if (Text(settings, "PublishMonthSchedule") is { } schedule && schedule != "0 0 18 28-31 * *")
        {
            problems.Add($"PublishMonthSchedule is '{schedule}', not the UTC close '0 0 18 28-31 * *' (functions/PublishMonth/README.md).");
        }
        foreach (var rejected in new[] { "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_TIME_ZONE" })
        {
            if (settings.ContainsKey(rejected)) problems.Add($"App setting {rejected} is set: Flex Consumption rejects or ignores it.");
        }
        foreach (var testOnly in settings.Keys.Where(k => k.StartsWith("Testing__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Testing:", StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add($"App setting {testOnly} is set: a test-only setting (the handler refuses to start with Testing__Now on Azure).");
        }
        if (Text(settings, "HrApi__Access__TrustPointsHeaders") is "True" or "true")
        {
            problems.Add("HrApi__Access__TrustPointsHeaders is true by default: any key holder could claim hr-admin.");
        }
    }

    private static void Queues(BicepTemplate template, IReadOnlyList<FunctionJson> functions, List<string> problems)
    {
        var queues = template.OfType("Microsoft.ServiceBus/namespaces/queues").Where(r => !r.Existing)
            .Select(r => (Name: Name(r).Split('/').Last(), Resource: r)).ToList();
        // Storage queues (queueTrigger, queue output): created in the app's storage account, whose identity role the
        // connection check above asks for (Storage Queue Data Contributor).
        var storageQueues = StorageNames(template, "Microsoft.Storage/storageAccounts/queueServices/queues");
        foreach (var (function, queue) in functions.SelectMany(f => f.Bindings.Where(b => b.QueueName is not null && b.Type is "queueTrigger" or "queue").Select(b => (f.Name, b.QueueName!))))
        {
            if (!storageQueues.Contains(queue)) problems.Add($"{function} uses the storage queue '{queue}', which the template does not create.");
        }
        foreach (var (function, queue) in functions.SelectMany(f => f.Bindings.Where(b => b.QueueName is not null && b.Type is not ("queueTrigger" or "queue")).Select(b => (f.Name, b.QueueName!))))
        {
            var found = queues.FirstOrDefault(q => q.Name == queue).Resource;
            if (found is null)
            {
                problems.Add($"{function} uses the Service Bus queue '{queue}', which the template does not create.");
                continue;
            }
            var p = found.Scope.Resolve(found.Properties);
            if (p?["maxDeliveryCount"]?.GetValue<int>() != 10) problems.Add($"Queue '{queue}': maxDeliveryCount is not 10 (CONTRACT.md).");
            if (p?["lockDuration"]?.GetValue<string>() != "PT1M") problems.Add($"Queue '{queue}': lockDuration is not PT1M (CONTRACT.md).");
        }
    }

    private static void EventGrid(BicepTemplate template, IReadOnlyList<FunctionJson> functions, List<string> problems)
    {
        var subscriptions = template.OfType("Microsoft.EventGrid/systemTopics/eventSubscriptions").ToList();
        if (subscriptions.Count == 0)
        {
            problems.Add("No Event Grid subscription: no export would ever be imported.");
            return;
        }
        foreach (var subscription in subscriptions)
        {
            var p = subscription.Scope.Resolve(subscription.Properties)!;
            var destination = p["destination"];
            var endpointType = destination?["endpointType"]?.GetValue<string>();
            var target = endpointType switch
            {
                "AzureFunction" => ArmScope.OpaqueText(destination?["properties"]?["resourceId"]) ?? destination?["properties"]?["resourceId"]?.ToString(),
                "WebHook" => ArmScope.OpaqueText(destination?["properties"]?["endpointUrl"]) ?? destination?["properties"]?["endpointUrl"]?.ToString(),
                _ => null,
            };
            var function = target is null ? null : FunctionInTarget().Match(target) is { Success: true } m ? m.Groups[1].Value : null;
            if (function is null)
            {
                problems.Add($"Event Grid subscription {Name(subscription)} delivers to no function ({endpointType}).");
            }
            else if (functions.FirstOrDefault(f => f.Name == function) is not { } folder)
            {
                problems.Add($"Event Grid subscription {Name(subscription)} targets function '{function}', which has no folder under functions/.");
            }
            else if (!folder.Bindings.Any(b => b.Type == "eventGridTrigger" && b.Direction == "in"))
            {
                problems.Add($"Event Grid subscription {Name(subscription)} targets '{function}', whose function.json has no eventGridTrigger.");
            }
            if (p["eventDeliverySchema"]?.GetValue<string>() != "EventGridSchema") problems.Add("The Event Grid subscription does not deliver the Event Grid schema ParseExport's binding is recorded with.");
            var filter = p["filter"];
            if (filter?["includedEventTypes"] is not JsonArray types || !types.Any(t => t?.GetValue<string>() == "Microsoft.Storage.BlobCreated"))
            {
                problems.Add("The Event Grid subscription does not include Microsoft.Storage.BlobCreated.");
            }
            if (filter?["subjectBeginsWith"]?.GetValue<string>() != "/blobServices/default/containers/exports/")
            {
                problems.Add("The Event Grid subscription's subject filter is not /blobServices/default/containers/exports/.");
            }
            if (p["retryPolicy"]?["maxDeliveryAttempts"]?.GetValue<int>() != 30 || p["retryPolicy"]?["eventTimeToLiveInMinutes"]?.GetValue<int>() != 1440)
            {
                problems.Add("The Event Grid retry policy is not 30 attempts over 1440 minutes (CONTRACT.md).");
            }
            var deadLetter = p["deadLetterWithResourceIdentity"]?["deadLetterDestination"] ?? p["deadLetterDestination"];
            var container = deadLetter?["properties"]?["blobContainerName"]?.ToString();
            if (container != "eventgrid-deadletter") problems.Add("The Event Grid subscription dead-letters nowhere, or not to the eventgrid-deadletter container.");
            else if (!StorageContainers(template).Contains(container)) problems.Add("The dead-letter container eventgrid-deadletter is not created.");
            if (p["deadLetterWithResourceIdentity"] is null && deadLetter is not null) problems.Add("Dead letters are written without an identity, which a storage account without shared keys refuses.");
        }
    }

    /// <summary>
    /// An app-wide "require authentication" answers Event Grid's AzureFunction deliveries (system key, no token) 401:
    /// the webhook path must be excluded, or the subscription must deliver to a WebHook with an Entra ID token. It also
    /// answers a browser opening the web app (an anonymous HTTP function) with a bare 401 or 403 and no way to sign in.
    /// A client secret setting must be an app setting the template sets.
    /// </summary>
    private static void EasyAuth(BicepTemplate template, IReadOnlyList<FunctionJson> functions, Dictionary<string, JsonNode?> settings, List<string> problems)
    {
        var auth = template.OfType("Microsoft.Web/sites/config").FirstOrDefault(r => Name(r).EndsWith("authsettingsV2", StringComparison.OrdinalIgnoreCase));
        if (auth is null)
        {
            problems.Add("No authsettingsV2: Easy Auth (Entra ID, Api/ACCESS.md) cannot be turned on.");
            return;
        }
        var p = auth.Scope.Resolve(auth.Properties)!;
        if (p["identityProviders"]?["azureActiveDirectory"]?["enabled"]?.GetValue<bool>() != true) problems.Add("Easy Auth is on without the Entra ID provider.");
        var secretSetting = p["identityProviders"]?["azureActiveDirectory"]?["registration"]?["clientSecretSettingName"]?.ToString();
        if (secretSetting is not null && !settings.ContainsKey(secretSetting))
        {
            problems.Add($"Easy Auth's clientSecretSettingName is {secretSetting}, an app setting the template does not set: browser sign-in would fail.");
        }
        var global = p["globalValidation"];
        var action = global?["unauthenticatedClientAction"]?.ToString();
        var requires = global?["requireAuthentication"]?.GetValue<bool>() == true || action is "Return401" or "RedirectToLoginPage" or "Return403" or "Return404";
        if (!requires) return;
        var excluded = global?["excludedPaths"] is JsonArray paths ? paths.Select(x => x?.ToString() ?? "").ToList() : [];
        var entraDelivery = template.OfType("Microsoft.EventGrid/systemTopics/eventSubscriptions").All(s =>
            s.Properties?["destination"]?["endpointType"]?.ToString() == "WebHook"
            && s.Properties?["destination"]?["properties"]?["azureActiveDirectoryApplicationIdOrUri"] is not null);
        if (!excluded.Contains("/runtime/webhooks/eventgrid") && !entraDelivery)
        {
            problems.Add("Easy Auth requires authentication app-wide but /runtime/webhooks/eventgrid is not excluded (and Event Grid delivers without an Entra ID token): every BlobCreated delivery would get 401 and be dead-lettered.");
        }
        if (action is not "RedirectToLoginPage")
        {
            foreach (var web in functions.Where(f => f.Bindings.Any(b => b.Type == "httpTrigger" && b.AuthLevel == "anonymous")))
            {
                problems.Add($"Easy Auth answers unauthenticated requests {action ?? "401"} app-wide, so a browser opening {web.Name} (an anonymous HTTP function, the web app) gets a bare error and no way to sign in: let anonymous requests through (the app refuses them itself) or redirect to the login page.");
            }
        }
    }

    private static void Secrets(BicepTemplate template, List<string> problems)
    {
        var text = template.Root.ToJsonString();
        foreach (var marker in new[] { "listKeys(", "listConnectionStrings(", "listSecrets(", "listAccountSas(", "listServiceSas(", "AccountKey=", "SharedAccessKey", "listCredentials(" })
        {
            if (text.Contains(marker, StringComparison.OrdinalIgnoreCase)) problems.Add($"The template contains {marker.TrimEnd('(')}: a key or secret would be read or written.");
        }
        foreach (var (where, name, output) in template.Outputs())
        {
            var type = output?["type"]?.ToString() ?? "";
            var value = output?["value"]?.ToString() ?? "";
            if (type.StartsWith("secure", StringComparison.OrdinalIgnoreCase) || SecretName().IsMatch(name) || value.Contains("list", StringComparison.OrdinalIgnoreCase) && ListCall().IsMatch(value) || value.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"Output {where}.{name} may carry a secret (outputs are readable by anyone who can read the deployment).");
            }
        }
        foreach (var account in template.OfType(StorageAccountType).Where(r => !r.Existing))
        {
            var p = account.Properties;
            if (p?["allowSharedKeyAccess"]?.GetValue<bool>() != false) problems.Add("The storage account allows shared-key access.");
            if (p?["allowBlobPublicAccess"]?.GetValue<bool>() != false) problems.Add("The storage account allows public blob access.");
            if (p?["minimumTlsVersion"]?.ToString() != "TLS1_2") problems.Add("The storage account's minimum TLS version is not 1.2.");
        }
        foreach (var ns in template.OfType(ServiceBusType).Where(r => !r.Existing))
        {
            if (ns.Properties?["disableLocalAuth"]?.GetValue<bool>() != true) problems.Add("The Service Bus namespace accepts SAS keys (disableLocalAuth is not true).");
        }
        var containers = StorageContainers(template);
        foreach (var needed in Serverless.Storage.Containers.All.Append("eventgrid-deadletter"))
        {
            if (!containers.Contains(needed)) problems.Add($"The container '{needed}' is not created.");
        }
    }

    private static HashSet<string> StorageContainers(BicepTemplate template) => StorageNames(template, "Microsoft.Storage/storageAccounts/blobServices/containers");

    /// <summary>The names of a storage account's child resources of one type (containers, queues), copy loops expanded.</summary>
    private static HashSet<string> StorageNames(BicepTemplate template, string type)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var container in template.OfType(type).Where(r => !r.Existing))
        {
            var raw = container.Json["name"]!.ToString();
            // A copy loop over an array parameter: every element is a container.
            var loop = CopyLoopArray().Match(raw);
            if (loop.Success && container.Scope.Resolve(JsonValue.Create($"[parameters('{loop.Groups[1].Value}')]")) is JsonArray all)
            {
                foreach (var item in all) names.Add(container.Scope.Text(item)!);
            }
            else
            {
                names.Add(Name(container).Split('/').Last());
            }
        }
        return names;
    }

    private sealed record Role(string ScopeType, string? Principal, string RoleId);

    private static List<Role> RoleAssignments(BicepTemplate template)
    {
        var roles = new List<Role>();
        foreach (var assignment in template.OfType("Microsoft.Authorization/roleAssignments"))
        {
            var scopeText = assignment.Json["scope"]?.ToString() ?? "";
            var scopeType = ResourceIdType().Match(scopeText) is { Success: true } s ? s.Groups[1].Value : "";
            var principal = ReferencedSymbol(assignment.Scope.Resolve(assignment.Properties?["principalId"]));
            var definition = assignment.Properties?["roleDefinitionId"]?.ToString() ?? "";
            var argument = RoleDefinitionArgument().Match(definition);
            if (!argument.Success) continue;
            var arg = argument.Groups[1].Value;
            if (arg.EndsWith("[copyIndex()]", StringComparison.Ordinal))
            {
                if (assignment.Scope.Resolve(JsonValue.Create($"[{arg[..^"[copyIndex()]".Length]}]")) is JsonArray ids)
                {
                    roles.AddRange(ids.Select(id => new Role(scopeType, principal, assignment.Scope.Text(id)!)));
                }
            }
            else if (assignment.Scope.Text(JsonValue.Create($"[{arg}]")) is { } id)
            {
                roles.Add(new Role(scopeType, principal, id));
            }
        }
        return roles;
    }

    /// <summary>The main template's symbol a value comes from: <c>reference('storage').outputs…</c> → storage.</summary>
    private static string? ReferencedSymbol(JsonNode? value) =>
        ArmScope.OpaqueText(value) is { } text && ReferenceSymbol().Match(text) is { Success: true } m ? m.Groups[1].Value : null;

    private static string? Text(Dictionary<string, JsonNode?> settings, string key) =>
        settings.TryGetValue(key, out var v) && v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : null;

    private static string Name(TemplateResource r) => r.Scope.Text(r.Json["name"]) is { } n ? ArmScope.OpaqueText(JsonValue.Create(n)) ?? n : r.Symbol;

    [GeneratedRegex(@"parameters\('(\w+)'\)")]
    private static partial Regex ParametersCall();

    [GeneratedRegex(@"createObject\('(\w+)'")]
    private static partial Regex CreateObjectKey();

    [GeneratedRegex(@"/functions/(\w+)")]
    private static partial Regex FunctionInTarget();

    [GeneratedRegex(@"resourceId\('([^']+)'")]
    private static partial Regex ResourceIdType();

    [GeneratedRegex(@"roleDefinitions',\s*(.+)\)\]$")]
    private static partial Regex RoleDefinitionArgument();

    [GeneratedRegex(@"reference\('(\w+)'")]
    private static partial Regex ReferenceSymbol();

    [GeneratedRegex(@"parameters\('(\w+)'\)\[copyIndex\(\)\]")]
    private static partial Regex CopyLoopArray();

    [GeneratedRegex("(?i)(key|secret|password|connectionstring|token|sas)")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(?i)\blist\w*\(")]
    private static partial Regex ListCall();
}
