using System.Globalization;
using System.Text.RegularExpressions;

namespace Serverless.CustomHandler;

/// <summary>
/// The test-only app setting <c>Testing:Now</c> (environment variable <c>Testing__Now</c>): an ISO 8601 instant with its
/// offset, e.g. <c>2026-10-31T23:59:00+08:00</c>. When it is set, the handler's and the local host's clocks read that
/// instant when the process starts and run on from it at the machine's pace (so timers, leases and retry windows still
/// move); unset, which it always is in a deployed app, the clock is <see cref="TimeProvider.System"/>. The handler
/// refuses to start with it on an Azure instance (<see cref="AzureInstanceVariables"/>).
/// </summary>
public static partial class TestingClock
{
    public const string Setting = "Testing:Now";
    public const string EnvironmentVariable = "Testing__Now";

    /// <summary>
    /// Set by App Service and Azure Functions on every instance they run (all plans, Flex Consumption included), and by
    /// nothing else we know of (not <c>CONTAINER_NAME</c>, which ordinary containers set too).
    /// </summary>
    public static readonly IReadOnlyList<string> AzureInstanceVariables = ["WEBSITE_INSTANCE_ID", "WEBSITE_SITE_NAME"];

    /// <summary>The setting's value as an instant; an offset (<c>Z</c> or <c>±hh:mm</c>) is required, so no zone is guessed.</summary>
    public static DateTimeOffset Parse(string value)
    {
        var text = value.Trim();
        if (!WithOffset().IsMatch(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var now))
        {
            throw new FormatException($"{Setting} must be an ISO 8601 instant with an offset, e.g. 2026-10-31T23:59:00+08:00; got '{value}'.");
        }
        return now;
    }

    /// <summary>The value to set for <paramref name="now"/>: round-trip form, so every process reads the same instant.</summary>
    public static string Format(DateTimeOffset now) => now.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A clock that reads <paramref name="now"/> at once and runs on from it with <paramref name="basis"/>'s timestamps.</summary>
    public static TimeProvider Starting(DateTimeOffset now, TimeProvider? basis = null) => new StartedClock(now, basis ?? TimeProvider.System);

    /// <summary>The first Azure-instance variable that <paramref name="read"/> finds set, or null off Azure.</summary>
    public static string? AzureInstance(Func<string, string?> read) =>
        AzureInstanceVariables.FirstOrDefault(v => !string.IsNullOrEmpty(read(v)));

    [GeneratedRegex(@"(Z|[+-]\d\d:\d\d)$", RegexOptions.IgnoreCase)]
    private static partial Regex WithOffset();

    /// <summary>
    /// Wall time from a given start, advanced by the monotonic timestamp (never by the machine's wall clock); timers and
    /// timestamps are the basis's own, so delays last as long as they say.
    /// </summary>
    private sealed class StartedClock(DateTimeOffset start, TimeProvider basis) : TimeProvider
    {
        private readonly DateTimeOffset _start = start.ToUniversalTime();
        private readonly long _startedAt = basis.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => _start + basis.GetElapsedTime(_startedAt);

        public override TimeZoneInfo LocalTimeZone => basis.LocalTimeZone;

        public override long TimestampFrequency => basis.TimestampFrequency;

        public override long GetTimestamp() => basis.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            basis.CreateTimer(callback, state, dueTime, period);
    }
}
