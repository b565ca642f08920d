using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace Serverless.Storage;

/// <summary>
/// Where the app's storage is and how to sign in to it, read from the <c>AzureWebJobsStorage</c> connection in the forms
/// the Functions runtime documents for identity-based connections:
/// <list type="bullet">
/// <item><c>AzureWebJobsStorage</c>: a connection string (Azurite locally);</item>
/// <item><c>AzureWebJobsStorage__blobServiceUri</c> and <c>__tableServiceUri</c> (and <c>__queueServiceUri</c>, which the host
/// uses): the service URIs, which carry the endpoint suffix of the cloud the account is in;</item>
/// <item><c>AzureWebJobsStorage__accountName</c>: the account, with <c>https://{account}.{blob|table}.{suffix}</c> where the
/// suffix is <c>AzureWebJobsStorage__endpointSuffix</c> (e.g. <c>core.chinacloudapi.cn</c>), the public cloud's when unset;</item>
/// </list>
/// with <c>__credential=managedidentity</c> and <c>__clientId</c> (or <c>__managedIdentityResourceId</c>) for a
/// user-assigned identity; without <c>__credential</c>, the developer's own sign-in (DefaultAzureCredential).
/// </summary>
public sealed record StorageConnection(string? ConnectionString, Uri? BlobServiceUri, Uri? TableServiceUri, StorageCredential? Credential)
{
    public const string Name = "AzureWebJobsStorage";
    public const string PublicCloudSuffix = "core.windows.net";

    public static StorageConnection FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(Name);
        var connectionString = section.Value;
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new StorageConnection(connectionString, null, null, null);
        }
        var blob = ServiceUri(section, "blobServiceUri");
        var table = ServiceUri(section, "tableServiceUri");
        var account = section["accountName"];
        if (blob is null && table is null && string.IsNullOrWhiteSpace(account))
        {
            var queueOnly = section["queueServiceUri"] is { Length: > 0 } ? " (AzureWebJobsStorage__queueServiceUri alone names no blob or table service)" : "";
            throw new StorageConfigurationException(
                $"Storage is not configured{queueOnly}: set {Name} (a connection string), or for a managed identity {Name}__accountName, " +
                $"or {Name}__blobServiceUri and {Name}__tableServiceUri, with {Name}__credential=managedidentity and {Name}__clientId.");
        }
        if (blob is null != table is null && string.IsNullOrWhiteSpace(account))
        {
            throw new StorageConfigurationException(
                $"{Name}__{(blob is null ? "tableServiceUri" : "blobServiceUri")} is set but {Name}__{(blob is null ? "blobServiceUri" : "tableServiceUri")} is not: " +
                $"the app uses both blobs and tables (or set {Name}__accountName).");
        }
        if (!string.IsNullOrWhiteSpace(account))
        {
            var suffix = section["endpointSuffix"] is { Length: > 0 } s ? s.Trim().TrimStart('.') : PublicCloudSuffix;
            blob ??= new Uri($"https://{account.Trim()}.blob.{suffix}");
            table ??= new Uri($"https://{account.Trim()}.table.{suffix}");
        }
        return new StorageConnection(null, blob, table, StorageCredential.FromSection(section));
    }

    private static Uri? ServiceUri(IConfigurationSection section, string key)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new StorageConfigurationException($"{Name}__{key} must be an absolute https URI, got '{value}'.");
        }
        return uri;
    }
}

/// <summary>The identity a storage connection signs in with: a user-assigned managed identity, or whoever is signed in.</summary>
public sealed record StorageCredential(string Kind, string? ClientId, string? ResourceId)
{
    public const string ManagedIdentity = "managedidentity";
    public const string Default = "default";

    public static StorageCredential FromSection(IConfigurationSection section)
    {
        var kind = section["credential"];
        var clientId = NonEmpty(section["clientId"]);
        var resourceId = NonEmpty(section["managedIdentityResourceId"]);
        if (string.IsNullOrWhiteSpace(kind)) return new StorageCredential(Default, clientId, resourceId);
        if (!string.Equals(kind.Trim(), ManagedIdentity, StringComparison.OrdinalIgnoreCase))
        {
            throw new StorageConfigurationException($"{section.Path.Replace(":", "__", StringComparison.Ordinal)}__credential is '{kind}'; the only value the Functions runtime knows is 'managedidentity'.");
        }
        if (clientId is not null && resourceId is not null)
        {
            throw new StorageConfigurationException($"Set one of {section.Path}__clientId and {section.Path}__managedIdentityResourceId, not both.");
        }
        return new StorageCredential(ManagedIdentity, clientId, resourceId);
    }

    public TokenCredential Create() => Kind == ManagedIdentity
        ? new ManagedIdentityCredential(ClientId is not null ? ManagedIdentityId.FromUserAssignedClientId(ClientId)
            : ResourceId is not null ? ManagedIdentityId.FromUserAssignedResourceId(new ResourceIdentifier(ResourceId))
            : ManagedIdentityId.SystemAssigned)
        : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = ClientId });

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Storage settings that cannot work; the message names the settings to fix.</summary>
public sealed class StorageConfigurationException(string message) : InvalidOperationException(message);
