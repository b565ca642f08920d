namespace Serverless.Samples;

/// <summary>The hotline's opening hours, 08:00-22:00 China Standard Time, as local wall-clock times.</summary>
internal static class BusinessDay
{
    public const int OpenHour = 8;
    public const int CloseHour = 22;
    public const int ShiftSeconds = 8 * 3600;
    public const int OpenSeconds = (CloseHour - OpenHour) * 3600;

    public static DateTime Open(DateOnly day) => day.ToDateTime(new TimeOnly(OpenHour, 0));

    public static DateTime Close(DateOnly day) => day.ToDateTime(new TimeOnly(CloseHour, 0));
}
