using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Serverless.Functions.Tests;

/// <summary>The real handler in-process, on a given Azurite, with a fake clock the test controls.</summary>
public sealed class HandlerFactory(string storageConnectionString, FakeTimeProvider clock) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("AzureWebJobsStorage", storageConnectionString);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
    }
}
