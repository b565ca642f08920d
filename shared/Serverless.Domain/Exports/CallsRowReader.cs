using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using CsvHelper;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Exports;

/// <summary>Reads a <c>calls</c> export (one row per call) into per-agent totals for the file's day.</summary>
/// <remarks>The hot path of the pipeline: every field is parsed from its bytes and nothing is allocated per row.
/// The caller column is never read.</remarks>
/// <param name="expectedRows">A guess at the file's row count (from its length), to size the call-id set once; 0 when unknown.</param>
internal sealed class CallsRowReader(DateOnly fileDate, int shortCallSeconds, int expectedRows = 0) : RowReader(ExportSchema.Calls)
{
    private const int CallId = 0, Agent = 1, Start = 2, End = 3, Talk = 4, Hold = 5, AfterCallWork = 6, Result = 8,
        HelpRequested = 9, SurveyPushed = 10, Satisfaction = 11;

    private readonly CallIdSet callIds = new(expectedRows);
    private readonly AgentTable<Totals> agents = new();
    private readonly DateTime fileDay = fileDate.ToDateTime(TimeOnly.MinValue);
    private readonly ulong fileDateHead = BitConverter.ToUInt64(FileDateText(fileDate), 0);
    private readonly ushort fileDateTail = BitConverter.ToUInt16(FileDateText(fileDate), 8);

    public override RowVerdict Read(CsvReader record, long row, RowErrorLog errors)
    {
        var callId = Field(record, CallId);
        if (callId.IsEmpty)
        {
            return Missing(record, row, errors, CallId);
        }
        var agent = Field(record, Agent);
        if (AgentId(agent) is { } agentProblem)
        {
            return Bad(record, row, errors, Agent, agentProblem, agent);
        }
        var startText = Field(record, Start);
        if (startText.IsEmpty)
        {
            return Missing(record, row, errors, Start);
        }
        // The usual row: both times as yyyy-MM-dd HH:mm:ss on the file's date, compared as seconds of the day without
        // building DateTimes. Anything else is parsed (and accepted or rejected) by the general parser, as before.
        DateTime start = default, end = default;
        var startSecond = TimeOnFileDate(startText);
        if (startSecond < 0 && Utf8Fields.DateTime(startText, out start) is { } startProblem)
        {
            return Bad(record, row, errors, Start, startProblem, startText);
        }
        var endText = Field(record, End);
        if (endText.IsEmpty)
        {
            return Missing(record, row, errors, End);
        }
        var endSecond = startSecond < 0 ? -1 : TimeOnFileDate(endText);
        if (endSecond < 0 && Utf8Fields.DateTime(endText, out end) is { } endProblem)
        {
            return Bad(record, row, errors, End, endProblem, endText);
        }
        var text = Field(record, Talk);
        if (text.IsEmpty)
        {
            return Missing(record, row, errors, Talk);
        }
        // Each value is tried in the exporter's own spelling inline first; anything else goes to the general parser,
        // which accepts or rejects it as before (UsualForms only says "not this form").
        var talk = UsualForms.Seconds(text);
        if (talk < 0 && Utf8Fields.Duration(text, out talk) is { } talkProblem)
        {
            return Bad(record, row, errors, Talk, talkProblem, text);
        }
        var hold = 0;
        text = Field(record, Hold);
        if (!text.IsEmpty && (hold = UsualForms.Seconds(text)) < 0 && Utf8Fields.Duration(text, out hold) is { } holdProblem)
        {
            return Bad(record, row, errors, Hold, holdProblem, text);
        }
        var afterCallWork = 0;
        text = Field(record, AfterCallWork);
        if (!text.IsEmpty && (afterCallWork = UsualForms.Seconds(text)) < 0 && Utf8Fields.Duration(text, out afterCallWork) is { } acwProblem)
        {
            return Bad(record, row, errors, AfterCallWork, acwProblem, text);
        }
        text = Field(record, Result);
        // A constant-length SequenceEqual inline is a word compare or two (the JIT unrolls it).
        var handled = true;
        if (!text.SequenceEqual("answered"u8) && !TryResult(text, out handled))
        {
            return Bad(record, row, errors, Result, RowErrorReasons.UnknownValue, text);
        }
        var help = false;
        text = Field(record, HelpRequested);
        if (!text.IsEmpty && !UsualForms.TryBit(text, out help) && Utf8Fields.Boolean(text, out help) is { } helpProblem)
        {
            return Bad(record, row, errors, HelpRequested, helpProblem, text);
        }
        var pushed = false;
        text = Field(record, SurveyPushed);
        if (!text.IsEmpty && !UsualForms.TryBit(text, out pushed) && Utf8Fields.Boolean(text, out pushed) is { } pushedProblem)
        {
            return Bad(record, row, errors, SurveyPushed, pushedProblem, text);
        }
        text = Field(record, Satisfaction);
        var rating = text.IsEmpty ? Rating.None : Rating.Satisfied;
        if (!text.IsEmpty && !text.SequenceEqual("satisfied"u8) && !TrySatisfaction(text, out rating))
        {
            return Bad(record, row, errors, Satisfaction, RowErrorReasons.UnknownValue, text);
        }
        if (endSecond < 0 && startSecond >= 0)
        {
            // The end is on another day (or in another form): compare as date-times.
            start = fileDay.AddSeconds(startSecond);
        }
        if (endSecond < 0 && DateOnly.FromDateTime(start) != fileDate)
        {
            return Bad(record, row, errors, Start, RowErrorReasons.StartNotOnFileDate, startText);
        }
        if (endSecond < 0 ? end < start : endSecond < startSecond)
        {
            return Bad(record, row, errors, End, RowErrorReasons.EndBeforeStart, endText);
        }
        // Last, so that only kept calls claim their id: a bad first copy does not make a good second one a duplicate.
        if (!callIds.Add(callId))
        {
            return Bad(record, row, errors, CallId, RowErrorReasons.DuplicateCallId, callId);
        }

        var totals = agents.GetOrAdd(agent, static id => new Totals(id));
        if (handled)
        {
            totals.AnsweredCalls++;
            totals.TalkSeconds += talk;
            totals.HoldSeconds += hold;
            totals.AfterCallWorkSeconds += afterCallWork;
            if (talk < shortCallSeconds)
            {
                totals.ShortCalls++;
            }
            if (help)
            {
                totals.HelpRequests++;
            }
            // An answered survey was pushed, whatever the push column says.
            if (pushed || rating != Rating.None)
            {
                totals.SurveysPushed++;
            }
            if (rating != Rating.None)
            {
                totals.SurveysAnswered++;
            }
            if (rating == Rating.Satisfied)
            {
                totals.SurveysSatisfied++;
            }
        }
        return RowVerdict.Accepted;
    }

    public override ExportReadResult Complete(ExportReadResult result) => result with
    {
        Metrics = [.. agents.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value.ToMetrics(fileDate))],
    };

    /// <summary>The second of the day of <c>yyyy-MM-dd HH:mm:ss</c> on the file's date; -1 for any other value, which then
    /// goes to <see cref="Utf8Fields.DateTime"/> (that accepts this form with the same checks, so nothing changes outcome).</summary>
    private int TimeOnFileDate(ReadOnlySpan<byte> s)
    {
        if (s.Length != 19 || !BitConverter.IsLittleEndian)
        {
            return -1;
        }
        // Word compares and arithmetic instead of a byte loop: the date as 8 + 2 bytes, then HH:mm:ss as one word
        // (little-endian: byte 0 is the hour's tens), with '0' taken from the digits and ':' from the colons.
        ref var b = ref MemoryMarshal.GetReference(s);
        if (Unsafe.ReadUnaligned<ulong>(ref b) != fileDateHead || Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, 8)) != fileDateTail
            || Unsafe.Add(ref b, 10) != (byte)' ')
        {
            return -1;
        }
        var x = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 11)) - 0x3030_3A30_303A_3030UL;
        // A byte below what was taken sets its high nibble (and may borrow from the next, which no longer matters);
        // a byte above '9' sets it once 6 is added. Colons must leave 0 exactly.
        if ((((x | (x + 0x0606_0606_0606_0606UL)) & 0xF0F0_F0F0_F0F0_F0F0UL) | (x & 0x0000_FF00_00FF_0000UL)) != 0)
        {
            return -1;
        }
        var hour = (int)((x & 0xF) * 10 + ((x >> 8) & 0xF));
        var minute = (int)(((x >> 24) & 0xF) * 10 + ((x >> 32) & 0xF));
        var second = (int)(((x >> 48) & 0xF) * 10 + ((x >> 56) & 0xF));
        return hour > 23 || minute > 59 || second > 59 ? -1 : (hour * 3600) + (minute * 60) + second;
    }

    private static byte[] FileDateText(DateOnly date) =>
        Encoding.ASCII.GetBytes(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Answered and transferred calls were handled by the agent; abandoned ones were not. Empty = answered.</summary>
    private static bool TryResult(ReadOnlySpan<byte> s, out bool handled)
    {
        handled = true;
        // The exporter's own spelling first: a compare of constant length, before the case-insensitive ones.
        if (s.IsEmpty || s.SequenceEqual("answered"u8) || Ascii.EqualsIgnoreCase(s, "answered"u8) || s.SequenceEqual("已接听"u8)
            || Ascii.EqualsIgnoreCase(s, "transferred"u8) || s.SequenceEqual("转接"u8))
        {
            return true;
        }
        handled = false;
        return Ascii.EqualsIgnoreCase(s, "abandoned"u8) || s.SequenceEqual("放弃"u8);
    }

    /// <summary>Empty = the customer did not answer the survey.</summary>
    private static bool TrySatisfaction(ReadOnlySpan<byte> s, out Rating rating)
    {
        rating = s.IsEmpty ? Rating.None
            : s.SequenceEqual("satisfied"u8) || Ascii.EqualsIgnoreCase(s, "satisfied"u8) || s.SequenceEqual("满意"u8) || s.SequenceEqual("非常满意"u8) ? Rating.Satisfied
            : Ascii.EqualsIgnoreCase(s, "neutral"u8) || s.SequenceEqual("一般"u8) ? Rating.Neutral
            : Ascii.EqualsIgnoreCase(s, "dissatisfied"u8) || s.SequenceEqual("不满意"u8) ? Rating.Dissatisfied
            : Rating.Unknown;
        return rating != Rating.Unknown;
    }

    private enum Rating
    {
        None,
        Satisfied,
        Neutral,
        Dissatisfied,
        Unknown,
    }

    private sealed class Totals(string agentId)
    {
        public int AnsweredCalls;
        public long TalkSeconds;
        public long HoldSeconds;
        public long AfterCallWorkSeconds;
        public int ShortCalls;
        public int HelpRequests;
        public int SurveysPushed;
        public int SurveysAnswered;
        public int SurveysSatisfied;

        public AgentDayMetrics ToMetrics(DateOnly date) => new()
        {
            AgentId = agentId,
            Date = date,
            AnsweredCalls = AnsweredCalls,
            TalkSeconds = TalkSeconds,
            HoldSeconds = HoldSeconds,
            AfterCallWorkSeconds = AfterCallWorkSeconds,
            ShortCalls = ShortCalls,
            HelpRequests = HelpRequests,
            SurveysPushed = SurveysPushed,
            SurveysAnswered = SurveysAnswered,
            SurveysSatisfied = SurveysSatisfied,
        };
    }
}
