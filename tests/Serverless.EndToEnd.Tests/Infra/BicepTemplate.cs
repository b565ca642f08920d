using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using Serverless.Testing;

namespace Serverless.EndToEnd.Tests.Infra;

/// <summary>One resource of a compiled template, with the scope its expressions are evaluated in.</summary>
public sealed record TemplateResource(string Module, string Symbol, string Type, JsonObject Json, ArmScope Scope, TemplateResource? Deployment)
{
    public bool Existing => Json["existing"]?.GetValue<bool>() == true;

    public JsonNode? Properties => Json["properties"];
}

/// <summary>
/// <c>infra/main.bicep</c> compiled by the Bicep CLI this project restores from NuGet (Azure.Bicep.CommandLine.linux-x64),
/// its diagnostics (the built-in linter's included), and the compiled template's resources across every module.
/// </summary>
public sealed class BicepTemplate
{
    private BicepTemplate(JsonObject root, IReadOnlyList<string> diagnostics)
    {
        Root = root;
        Diagnostics = diagnostics;
        var resources = new List<TemplateResource>();
        Collect(root, new ArmScope(root, name => TopParameter(root, name)), "main", null, resources);
        Resources = resources;
    }

    public JsonObject Root { get; }

    /// <summary>Every warning and error the compiler printed (file(line,col) : Warning rule: text).</summary>
    public IReadOnlyList<string> Diagnostics { get; }

    public IReadOnlyList<TemplateResource> Resources { get; }

    public static string InfraFolder => Path.Combine(AzuriteFixture.RepoRoot, "infra");

    public static string CompilerPath
    {
        get
        {
            var path = typeof(BicepTemplate).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;
            if (!File.Exists(path)) throw new FileNotFoundException($"The Bicep CLI is not at {path}: run dotnet restore (it is a PackageDownload of the test project).", path);
            if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute))
            {
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
            }
            return path;
        }
    }

    /// <summary>Compiles <paramref name="bicepFile"/> into a temporary folder and reads the result.</summary>
    public static async Task<BicepTemplate> CompileAsync(string bicepFile, CancellationToken cancellationToken = default)
    {
        var output = Directory.CreateTempSubdirectory("bicep-");
        try
        {
            var start = new ProcessStartInfo(CompilerPath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { bicepFile.EndsWith(".bicepparam", StringComparison.Ordinal) ? "build-params" : "build", bicepFile, "--outdir", output.FullName, "--diagnostics-format", "default" }) start.ArgumentList.Add(arg);
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["BICEP_TRACING_ENABLED"] = "false";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            var lines = ((await stdout) + "\n" + (await stderr)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var diagnostics = lines.Where(l => l.Contains(" : Warning ", StringComparison.Ordinal) || l.Contains(" : Error ", StringComparison.Ordinal) || l.Contains(" : Info ", StringComparison.Ordinal)).ToList();
            var json = Directory.EnumerateFiles(output.FullName, "*.json").FirstOrDefault();
            if (process.ExitCode != 0 || json is null)
            {
                throw new BicepCompileException(bicepFile, process.ExitCode, diagnostics.Count > 0 ? diagnostics : lines);
            }
            return new BicepTemplate((JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(json, cancellationToken))!, diagnostics);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    /// <summary>A copy of <c>infra/</c> with one edit to one file, for showing that a check fails on a broken template.</summary>
    public static string CopyWithEdit(string relativeFile, string find, string replace)
    {
        var copy = Directory.CreateTempSubdirectory("infra-edit-").FullName;
        foreach (var file in Directory.EnumerateFiles(InfraFolder, "*.bicep*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(InfraFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var edited = Path.Combine(copy, relativeFile);
        var text = File.ReadAllText(edited);
        if (!text.Contains(find, StringComparison.Ordinal)) throw new InvalidOperationException($"'{find}' is not in {relativeFile}: the edit would test nothing.");
        File.WriteAllText(edited, text.Replace(find, replace, StringComparison.Ordinal));
        return copy;
    }

    public IEnumerable<TemplateResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The deployment (module) <paramref name="symbol"/> of the main template.</summary>
    public TemplateResource? Module(string symbol) =>
        Resources.FirstOrDefault(r => r.Module == "main" && r.Symbol == symbol && r.Type == "Microsoft.Resources/deployments");

    /// <summary>Resources declared (not referenced as existing) inside the module <paramref name="symbol"/>.</summary>
    public IEnumerable<TemplateResource> DeclaredIn(string symbol) =>
        Resources.Where(r => r.Module == "main/" + symbol && !r.Existing);

    /// <summary>Every output of the template and of its modules, by where it is.</summary>
    public IEnumerable<(string Where, string Name, JsonNode? Output)> Outputs()
    {
        foreach (var (name, output) in Root["outputs"]?.AsObject() ?? []) yield return ("main", name, output);
        foreach (var deployment in Resources.Where(r => r.Type == "Microsoft.Resources/deployments"))
        {
            foreach (var (name, output) in deployment.Properties?["template"]?["outputs"]?.AsObject() ?? []) yield return ($"{deployment.Module}/{deployment.Symbol}", name, output);
        }
    }

    private static JsonNode? TopParameter(JsonObject template, string name)
    {
        var declared = template["parameters"]?[name];
        var fallback = declared?["defaultValue"];
        return fallback is null ? ArmScope.Opaque.Of($"parameters('{name}')") : new ArmScope(template, n => TopParameter(template, n)).Resolve(fallback);
    }

    private static void Collect(JsonObject template, ArmScope scope, string module, TemplateResource? deployment, List<TemplateResource> into)
    {
        var resources = template["resources"] switch
        {
            JsonObject named => named.Select(p => (p.Key, (JsonObject)p.Value!)),
            JsonArray list => list.Select((r, i) => (r!["name"]?.ToString() ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture), (JsonObject)r!)),
            _ => [],
        };
        foreach (var (symbol, json) in resources)
        {
            var type = json["type"]!.GetValue<string>();
            var resource = new TemplateResource(module, symbol, type, json, scope, deployment);
            into.Add(resource);
            if (type == "Microsoft.Resources/deployments" && json["properties"]?["template"] is JsonObject child)
            {
                var passed = json["properties"]?["parameters"] as JsonObject;
                ArmScope? childScope = null;
                childScope = new ArmScope(child, name =>
                    passed?[name]?["value"] is { } value ? scope.Resolve(value)
                    : child["parameters"]?[name]?["defaultValue"] is { } fallback ? childScope!.Resolve(fallback)
                    : ArmScope.Opaque.Of($"parameters('{name}')"));
                Collect(child, childScope, $"{module}/{symbol}", resource, into);
            }
        }
    }
}

public sealed class BicepCompileException(string file, int exitCode, IReadOnlyList<string> output)
    : Exception($"bicep build {file} failed (exit {exitCode}):\n{string.Join('\n', output)}");
