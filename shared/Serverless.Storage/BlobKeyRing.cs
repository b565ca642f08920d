using System.Xml.Linq;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Serverless.Storage;

/// <summary>
/// ASP.NET Core data protection's key ring in a blob container (<see cref="Containers.DataProtection"/>), so every
/// instance of the app protects and unprotects with the same keys: a web form's antiforgery token drawn by one Flex
/// Consumption instance is accepted by the instance that receives the post. The default ring is a folder on the
/// instance's own disk, lost when the instance goes and never seen by its siblings.
/// Written by hand because the Azure package for this (Azure.Extensions.AspNetCore.DataProtection.Blobs) is not
/// served to this repository; <see cref="IXmlRepository"/> is two calls. Keys are stored unencrypted inside the
/// account, which is encrypted at rest, refuses shared keys and public access, and is read only by the app's identity.
/// </summary>
public sealed class BlobKeyRing(BlobContainerClient container) : IXmlRepository
{
    private const string Prefix = "keys/";

    // IXmlRepository is synchronous by design (the key ring is read rarely and cached by the key manager).
    // Data protection reads the ring at start, possibly before the app's storage start-up created the container: an
    // absent container is an empty ring, and the first key written creates it.
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        try
        {
            return container.GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, Prefix, CancellationToken.None)
                .Select(item => XElement.Parse(container.GetBlobClient(item.Name).DownloadContent().Value.Content.ToString()))
                .ToList();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        var content = BinaryData.FromString(element.ToString(SaveOptions.DisableFormatting));
        container.CreateIfNotExists();
        try
        {
            container.GetBlobClient($"{Prefix}{friendlyName}.xml").Upload(content, overwrite: false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Names are the key's id, so this is another element under a name already used (a revocation): keep both.
            container.GetBlobClient($"{Prefix}{friendlyName}-{Guid.NewGuid():N}.xml").Upload(content, overwrite: false);
        }
    }
}

public static class BlobKeyRingSetup
{
    /// <summary>The application name every instance shares, so they derive the same purposes from one key ring.</summary>
    public const string ApplicationName = "points-95598";

    /// <summary>Data protection with its key ring in <see cref="Containers.DataProtection"/> of the app's storage.</summary>
    public static IServiceCollection AddBlobKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new BlobKeyRing(sp.GetRequiredService<StorageClients>().Blobs.GetBlobContainerClient(Containers.DataProtection))));
        return services;
    }
}
