using Microsoft.Extensions.Internal;

namespace Serverless.Functions.Web;

/// <summary>
/// The web app's memory cache on the app's <see cref="TimeProvider"/> (the injected clock: the system's, or a test's).
/// Microsoft.Extensions.Caching.Memory 10 still takes its clock as <see cref="ISystemClock"/>
/// (<c>MemoryCacheOptions.Clock</c>) and has no TimeProvider overload, so this is the one-line adapter it needs.
/// </summary>
internal sealed class TimeProviderCacheClock(TimeProvider clock) : ISystemClock
{
    public DateTimeOffset UtcNow => clock.GetUtcNow();
}
