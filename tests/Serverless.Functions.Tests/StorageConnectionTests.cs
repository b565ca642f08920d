using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Serverless.Storage;

namespace Serverless.Functions.Tests;

/// <summary>
/// The storage connection in each form the Functions runtime documents for AzureWebJobsStorage (app settings as the
/// platform passes them: environment variables with <c>__</c>), and a start-up error that names the settings.
/// </summary>
public sealed class StorageConnectionTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key.Replace("__", ":", StringComparison.Ordinal), (string?)v.Value))).Build();

    private const string ClientId = "6d3f0c8e-1b2a-4c5d-9e8f-0a1b2c3d4e5f";

    [Fact]
    public void A_connection_string_is_used_as_it_is()
    {
        var connection = StorageConnection.FromConfiguration(Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));

        Assert.Equal("UseDevelopmentStorage=true", connection.ConnectionString);
        Assert.Null(connection.Credential);
    }

    [Fact]
    public void An_account_name_with_a_user_assigned_identity_reaches_the_public_cloud_endpoints_with_that_identity()
    {
        var connection = StorageConnection.FromConfiguration(Settings(
            ("AzureWebJobsStorage__accountName", "stpoints"), ("AzureWebJobsStorage__credential", "managedidentity"), ("AzureWebJobsStorage__clientId", ClientId)));

        Assert.Equal(new Uri("https://stpoints.blob.core.windows.net"), connection.BlobServiceUri);
        Assert.Equal(new Uri("https://stpoints.table.core.windows.net"), connection.TableServiceUri);
        Assert.Equal(new StorageCredential(StorageCredential.ManagedIdentity, ClientId, null), connection.Credential);
        Assert.IsType<ManagedIdentityCredential>(connection.Credential!.Create());
    }

    [Fact]
    public void An_account_name_in_another_cloud_takes_that_clouds_endpoint_suffix()
    {
        var connection = StorageConnection.FromConfiguration(Settings(
            ("AzureWebJobsStorage__accountName", "stpoints"), ("AzureWebJobsStorage__endpointSuffix", "core.chinacloudapi.cn"),
            ("AzureWebJobsStorage__credential", "managedidentity"), ("AzureWebJobsStorage__clientId", ClientId)));

        Assert.Equal(new Uri("https://stpoints.blob.core.chinacloudapi.cn"), connection.BlobServiceUri);
        Assert.Equal(new Uri("https://stpoints.table.core.chinacloudapi.cn"), connection.TableServiceUri);
    }

    [Fact]
    public void Service_uris_are_used_as_given_so_any_cloud_works()
    {
        var connection = StorageConnection.FromConfiguration(Settings(
            ("AzureWebJobsStorage__blobServiceUri", "https://stpoints.blob.core.usgovcloudapi.net/"),
            ("AzureWebJobsStorage__queueServiceUri", "https://stpoints.queue.core.usgovcloudapi.net/"),
            ("AzureWebJobsStorage__tableServiceUri", "https://stpoints.table.core.usgovcloudapi.net/"),
            ("AzureWebJobsStorage__credential", "managedidentity"), ("AzureWebJobsStorage__clientId", ClientId)));

        Assert.Equal(new Uri("https://stpoints.blob.core.usgovcloudapi.net/"), connection.BlobServiceUri);
        Assert.Equal(new Uri("https://stpoints.table.core.usgovcloudapi.net/"), connection.TableServiceUri);
        Assert.Equal(ClientId, connection.Credential!.ClientId);
    }

    [Fact]
    public void Service_uris_win_over_the_account_name_and_a_missing_one_is_built_from_it()
    {
        var connection = StorageConnection.FromConfiguration(Settings(
            ("AzureWebJobsStorage__accountName", "stpoints"),
            ("AzureWebJobsStorage__blobServiceUri", "https://stpoints.blob.core.chinacloudapi.cn/"),
            ("AzureWebJobsStorage__endpointSuffix", "core.chinacloudapi.cn")));

        Assert.Equal(new Uri("https://stpoints.blob.core.chinacloudapi.cn/"), connection.BlobServiceUri);
        Assert.Equal(new Uri("https://stpoints.table.core.chinacloudapi.cn"), connection.TableServiceUri);
    }

    [Fact]
    public void A_resource_id_names_the_identity_and_no_credential_setting_means_the_developers_own_sign_in()
    {
        var byResource = StorageConnection.FromConfiguration(Settings(
            ("AzureWebJobsStorage__accountName", "stpoints"), ("AzureWebJobsStorage__credential", "managedidentity"),
            ("AzureWebJobsStorage__managedIdentityResourceId", "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-points")));
        var developer = StorageConnection.FromConfiguration(Settings(("AzureWebJobsStorage__accountName", "stpoints")));

        Assert.IsType<ManagedIdentityCredential>(byResource.Credential!.Create());
        Assert.Equal(StorageCredential.Default, developer.Credential!.Kind);
        Assert.IsType<DefaultAzureCredential>(developer.Credential.Create());
    }

    [Theory]
    [InlineData("Storage is not configured")]
    public void No_storage_setting_is_an_error_naming_every_accepted_form(string expected)
    {
        var error = Assert.Throws<StorageConfigurationException>(() => StorageConnection.FromConfiguration(Settings()));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        foreach (var form in new[] { "AzureWebJobsStorage ", "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__tableServiceUri", "AzureWebJobsStorage__credential=managedidentity", "AzureWebJobsStorage__clientId" })
        {
            Assert.Contains(form, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Half_the_service_uris_an_unknown_credential_or_a_bad_uri_is_an_error_naming_the_setting()
    {
        Assert.Contains("AzureWebJobsStorage__tableServiceUri is not",
            Assert.Throws<StorageConfigurationException>(() => StorageConnection.FromConfiguration(Settings(("AzureWebJobsStorage__blobServiceUri", "https://a.blob.core.windows.net")))).Message, StringComparison.Ordinal);
        Assert.Contains("'managedidentity'",
            Assert.Throws<StorageConfigurationException>(() => StorageConnection.FromConfiguration(Settings(("AzureWebJobsStorage__accountName", "a"), ("AzureWebJobsStorage__credential", "clientsecret")))).Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__blobServiceUri must be an absolute https URI",
            Assert.Throws<StorageConfigurationException>(() => StorageConnection.FromConfiguration(Settings(("AzureWebJobsStorage__blobServiceUri", "stpoints"), ("AzureWebJobsStorage__tableServiceUri", "https://a.table.core.windows.net")))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_handler_does_not_start_without_storage_and_says_in_one_sentence_which_settings_to_set()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Serverless.Functions.dll"));
        start.Environment.Remove("AzureWebJobsStorage");
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = "0";
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        var error = await stderr;
        Assert.Contains("The handler cannot start: Storage is not configured", error, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__accountName", error, StringComparison.Ordinal);
        _ = await stdout;
    }
}
