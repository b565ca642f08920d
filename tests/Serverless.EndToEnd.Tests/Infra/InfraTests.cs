using Serverless.Testing;

namespace Serverless.EndToEnd.Tests.Infra;

/// <summary>
/// <c>infra/main.bicep</c> compiles with no error and no warning (the linter's included) and matches the app; and each
/// check fails on a template broken the way a person could break it, so a pass means something.
/// </summary>
public sealed class InfraTests
{
    private static string MainBicep => Path.Combine(BicepTemplate.InfraFolder, "main.bicep");
    private static string FunctionsRoot => Path.Combine(AzuriteFixture.RepoRoot, "functions");

    [Fact]
    public async Task Main_bicep_and_its_parameters_file_compile_with_no_error_and_no_linter_warning()
    {
        var template = await BicepTemplate.CompileAsync(MainBicep);
        Assert.True(template.Diagnostics.Count == 0, "bicep build reported:\n" + string.Join('\n', template.Diagnostics));
        var parameters = await BicepTemplate.CompileAsync(Path.Combine(BicepTemplate.InfraFolder, "main.bicepparam"));
        Assert.True(parameters.Diagnostics.Count == 0, "bicep build-params reported:\n" + string.Join('\n', parameters.Diagnostics));
    }

    [Fact]
    public async Task The_compiled_template_gives_the_app_every_connection_queue_function_and_setting_it_uses_and_no_secret()
    {
        var template = await BicepTemplate.CompileAsync(MainBicep);
        var problems = InfraCrossCheck.Problems(template, FunctionsRoot);
        Assert.True(problems.Count == 0, "infra/main.bicep does not match the app:\n" + string.Join('\n', problems));
    }

    [Fact]
    public async Task The_compile_check_fails_on_a_linter_warning()
    {
        var copy = BicepTemplate.CopyWithEdit("main.bicep", "targetScope = 'resourceGroup'", "targetScope = 'resourceGroup'\n\nparam notUsedAnywhere string = 'x'");
        try
        {
            var template = await BicepTemplate.CompileAsync(Path.Combine(copy, "main.bicep"));
            Assert.Contains(template.Diagnostics, d => d.Contains("no-unused-params", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public async Task The_compile_check_fails_on_an_error()
    {
        var copy = BicepTemplate.CopyWithEdit("modules/servicebus.bicep", "output queueName string = queue.name", "output queueName string = queues.name");
        try
        {
            var error = await Assert.ThrowsAsync<BicepCompileException>(() => BicepTemplate.CompileAsync(Path.Combine(copy, "main.bicep")));
            Assert.Contains("Error", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Theory]
    [InlineData("modules/functionapp.bicep", "      requireAuthentication: false\n      unauthenticatedClientAction: 'AllowAnonymous'\n      excludedPaths: [\n        '/runtime/webhooks/eventgrid'\n", "      requireAuthentication: true\n      unauthenticatedClientAction: 'RedirectToLoginPage'\n      excludedPaths: [\n", "/runtime/webhooks/eventgrid is not excluded")]
    [InlineData("modules/functionapp.bicep", "unauthenticatedClientAction: 'AllowAnonymous'", "unauthenticatedClientAction: 'Return401'", "a browser opening WebApp")]
    [InlineData("modules/functionapp.bicep", "    OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID: identityClientId", "    OVERRIDE_USE_MI_FIC_ASSERTION_CLIENT: identityClientId", "clientSecretSettingName is OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID, an app setting the template does not set")]
    [InlineData("main.bicep", "      ServiceBusConnection__fullyQualifiedNamespace:", "      ServiceBusConnection: 'Endpoint=sb://x/'\n      ServiceBusConnection__fullyQualifiedNamespace:", "App setting ServiceBusConnection is set")]
    [InlineData("main.bicep", "      ServiceBusConnection__fullyQualifiedNamespace:", "      Testing__Now: '2026-10-31T23:59:00+08:00'\n      ServiceBusConnection__fullyQualifiedNamespace:", "App setting Testing__Now is set: a test-only setting")]
    [InlineData("main.bicep", "      roles.storageQueueDataContributor\n", "", "no Storage Queue Data Contributor role assignment")]
    [InlineData("main.bicep", "functionName: 'ParseExport'", "functionName: 'ParseExports'", "targets function 'ParseExports', which has no folder")]
    [InlineData("main.bicep", "var scoreRequestsQueue = 'score-requests'", "var scoreRequestsQueue = 'score-request'", "queue 'score-requests', which the template does not create")]
    [InlineData("main.bicep", "      'rescore-jobs-poison'\n", "", "storage queue 'rescore-jobs-poison', which the template does not create")]
    [InlineData("modules/storage.bicep", "allowSharedKeyAccess: false", "allowSharedKeyAccess: true", "allows shared-key access")]
    [InlineData("main.bicep", "output easyAuthEnabled bool", "output storageKey string = listKeys(resourceId('Microsoft.Storage/storageAccounts', 'x'), '2023-05-01').keys[0].value\noutput easyAuthEnabled bool", "may carry a secret")]
    public async Task The_cross_check_fails_on_a_template_broken_this_way(string file, string find, string replace, string expected)
    {
        var copy = BicepTemplate.CopyWithEdit(file, find, replace);
        try
        {
            var template = await BicepTemplate.CompileAsync(Path.Combine(copy, "main.bicep"));
            var problems = InfraCrossCheck.Problems(template, FunctionsRoot);
            Assert.True(problems.Any(p => p.Contains(expected, StringComparison.Ordinal)), $"expected a problem containing '{expected}', got:\n" + string.Join('\n', problems));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}
