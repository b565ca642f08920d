using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Functions.Tests.Api;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Web;

/// <summary>The web app's memory cache expires on the app's clock (the injected TimeProvider), not the machine's.</summary>
public sealed class WebCacheClockTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task An_entry_kept_a_minute_is_there_until_the_app_clock_passes_the_minute()
    {
        await using var host = new HandlerHost(ApiHost.Options(azurite.ConnectionString));
        var cache = host.Services.GetRequiredService<IMemoryCache>();
        cache.Set("kept", 42, TimeSpan.FromMinutes(1));

        host.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.True(cache.TryGetValue("kept", out int still));
        Assert.Equal(42, still);

        // No machine time has passed to speak of: only the app's clock says the minute is over.
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(cache.TryGetValue("kept", out _));
    }
}
