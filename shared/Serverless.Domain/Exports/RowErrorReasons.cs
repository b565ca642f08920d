namespace Serverless.Domain.Exports;

/// <summary>The reasons a row is skipped, as they appear in <see cref="RowError.Reason"/> and import reports (stable: tests and people read them).</summary>
public static class RowErrorReasons
{
    public const string MissingValue = "missing value";
    public const string NotANumber = "not a number";
    public const string NotAnInteger = "not a whole number";
    public const string NegativeNumber = "negative number";
    public const string NotPositive = "not a positive number";
    public const string NotADuration = "not a duration (whole seconds or H:mm:ss)";
    public const string NegativeDuration = "negative duration";
    public const string DurationOver24Hours = "duration over 24 h";
    public const string NotADateTime = "not a date-time";
    public const string NotADate = "not a date";
    public const string EndBeforeStart = "end before start";
    public const string StartNotOnFileDate = "start is not on the file's date";
    public const string DateNotFileDate = "date is not the file's date";
    public const string DuplicateCallId = "duplicate call_id";
    public const string DuplicateAgent = "duplicate agent_id";
    public const string UnknownValue = "unknown value";
    public const string NotABoolean = "not a yes/no value";
    public const string NotARate = "not a rate (0.95, 95 or 95%)";
    public const string RateOutOfRange = "rate above 100%";
    public const string ValueTooLong = "value too long";
    public const string NotAnId = "not usable as an id (no / \\ # ? | or control characters)";
    public const string InvalidUtf8 = "invalid UTF-8 bytes";
    public const string InvalidGb18030 = "invalid GB18030 bytes";

    /// <summary>The <see cref="RowError.Column"/> of an error about the whole row (its bytes), not one field.</summary>
    public const string WholeRow = "(row)";
}
