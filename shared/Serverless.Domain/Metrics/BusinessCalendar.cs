namespace Serverless.Domain.Metrics;

/// <summary>Business dates are days in China Standard Time (Asia/Shanghai), whatever the server's zone.</summary>
public sealed class BusinessCalendar(TimeProvider clock)
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);

    /// <summary>The month a close run now should publish: the last complete month.</summary>
    public YearMonth MonthToClose => YearMonth.Of(Today).Previous;
}
