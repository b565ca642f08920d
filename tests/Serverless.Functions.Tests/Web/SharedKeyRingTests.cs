using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Serverless.LocalHost;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Web;

/// <summary>
/// On Flex Consumption the instance that draws a web form is often not the one that receives its post. Two handlers
/// on the same storage (two instances) accept each other's antiforgery tokens; a handler on other storage does not,
/// which shows the keys come from the shared ring in blob storage and not from a folder both happen to see here.
/// </summary>
public sealed partial class SharedKeyRingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static HandlerHostOptions Options(string storage) => new HandlerHostOptions(storage).Set("WebApp:DevelopmentSignIn", "true");

    private static async Task<(string Cookie, string Token)> DrawSignInFormAsync(HandlerHost instance)
    {
        using var client = instance.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var page = await client.GetAsync("/app/signin");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var cookie = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("points-antiforgery=", StringComparison.Ordinal));
        var token = WebUtility.HtmlDecode(TokenField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);
        Assert.NotEqual("", token);
        return (cookie, token);
    }

    private static async Task<HttpStatusCode> PostSignInAsync(HandlerHost instance, string cookie, string token)
    {
        using var client = instance.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/app/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__token"] = token, ["role"] = "hr-reader", ["name"] = "王芳" }),
        };
        request.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task A_form_drawn_by_one_instance_is_accepted_by_another_on_the_same_storage_and_refused_on_other_storage()
    {
        await using var first = new HandlerHost(Options(azurite.ConnectionString));
        await using var second = new HandlerHost(Options(azurite.ConnectionString));
        await using var elsewhere = await AzuriteProcess.StartAsync(AzuriteFixture.RepoRoot);
        await using var stranger = new HandlerHost(Options(elsewhere.ConnectionString));

        var (cookie, token) = await DrawSignInFormAsync(first);

        Assert.Equal(HttpStatusCode.Redirect, await PostSignInAsync(second, cookie, token));
        Assert.Equal(HttpStatusCode.BadRequest, await PostSignInAsync(stranger, cookie, token));
        var keys = StorageClients.FromConnectionString(azurite.ConnectionString).Blobs.GetBlobContainerClient(Containers.DataProtection).GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "keys/", CancellationToken.None);
        Assert.NotEmpty(keys);
    }

    [GeneratedRegex("name=\"__token\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
