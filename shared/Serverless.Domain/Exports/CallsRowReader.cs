using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using CsvHelper;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Exports;

/// <summary>Reads a <c>calls</c> export (one row per call) into per-agent totals for the file's day.</summary>
/// <remarks>The hot path of the pipeline: every field is parsed from its bytes and nothing is allocated per row.
/// The caller column is read only to count repeat calls: each number becomes a 64-bit XXH3 hash under a seed drawn at
/// random for this read, held in memory while the file is read and dropped with the reader; neither the number nor its
/// hash is stored, logged or returned — only each agent's counts (<see cref="AgentDayMetrics.RepeatCalls"/>).
/// Why a seeded XXH3 and not an HMAC (as first written): see <see cref="CallerHash"/>.</remarks>
/// <param name="expectedRows">A guess at the file's row count (from its length), to size the call-id set once; 0 when unknown.</param>
internal sealed class CallsRowReader(DateOnly fileDate, int shortCallSeconds, int expectedRows = 0) : RowReader(ExportSchema.Calls)
{
    private const int CallId = 0, Agent = 1, Start = 2, End = 3, Talk = 4, Hold = 5, AfterCallWork = 6, Result = 8,
        HelpRequested = 9, SurveyPushed = 10, Satisfaction = 11, Caller = 12;

    private readonly CallIdSet callIds = new(expectedRows);
    private readonly AgentTable<Totals> agents = new();
    private readonly DateTime fileDay = fileDate.ToDateTime(TimeOnly.MinValue);
    private readonly ulong fileDateHead = BitConverter.ToUInt64(FileDateText(fileDate), 0);
    private readonly ushort fileDateTail = BitConverter.ToUInt16(FileDateText(fileDate), 8);

    // Repeat calls: the seed of this read (random, never kept) and, per call with a caller number, its hash and one
    // packed long: the start's second of the day (17 bits) and, above it, 1 + the index of the agent who answered it
    // (0: not answered). Every identified answered call counts as a repeat when read; Complete sorts the pairs by hash
    // and takes back, of each caller's calls, the last one when it is alone at its second. Two flat arrays appended in
    // order, made at the first caller number (a file without the column allocates nothing) and sized from the expected
    // rows: a table keyed by caller cost ~2× the time and memory (random access on every row), a list of the calls
    // looked up again at the end more still.
    private readonly long callerSeed = BitConverter.ToInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
    private const int MaxCallerPresize = 1 << 20; // beyond a million rows the guess may be far off: grow from there
    private const int SecondBits = 17; // 86,399 < 2^17
    private ulong[] callerHashes = [];
    private long[] callerCalls = [];
    private int callerCount;
    private readonly List<Totals> byIndex = [];

    // Where each column is in the file (see Bind).
    private int callIdAt, agentAt, startAt, endAt, talkAt, holdAt, afterCallWorkAt, resultAt, helpAt, pushedAt, satisfactionAt, callerAt;

    public override void Bind(int[] fieldIndexes)
    {
        base.Bind(fieldIndexes);
        // Read once here rather than through the map on every row. An absent (optional) column is int.MaxValue: past
        // the end of any record, where CsvHelper reads an empty field (CsvMissingFieldHandling.ReturnEmpty, which
        // ExportReader sets), just as Field() reads an absent column.
        int At(int column) => fieldIndexes[column] < 0 ? int.MaxValue : fieldIndexes[column];
        (callIdAt, agentAt, startAt, endAt, talkAt) = (At(CallId), At(Agent), At(Start), At(End), At(Talk));
        (holdAt, afterCallWorkAt, resultAt) = (At(Hold), At(AfterCallWork), At(Result));
        (helpAt, pushedAt, satisfactionAt, callerAt) = (At(HelpRequested), At(SurveyPushed), At(Satisfaction), At(Caller));
    }

    public override RowVerdict Read(CsvReader record, long row, RowErrorLog errors)
    {
        var callId = Utf8Fields.Trim(record.GetSpan(callIdAt));
        if (callId.IsEmpty)
        {
            return Missing(record, row, errors, CallId);
        }
        var agent = Utf8Fields.Trim(record.GetSpan(agentAt));
        // An agent already in the table passed the id checks when it was added: only a new one is checked (and added
        // once its row is kept, below).
        var totals = agents.Find(agent);
        if (totals is null && AgentId(agent) is { } agentProblem)
        {
            return Bad(record, row, errors, Agent, agentProblem, agent);
        }
        // The other fields are taken untrimmed: each is first tried in the exporter's own spelling (UsualForms, the
        // time on the file's date, "answered"...), which never starts or ends with a space or tab, so padding simply
        // fails it. Only then is the value trimmed and given to the general parser, which accepts or rejects it (and
        // reports the trimmed value) exactly as before. Trimming 9 fields up front cost ~8 ms of the 1M-row read.
        DateTime start = default, end = default;
        var startText = record.GetSpan(startAt);
        // The usual row: both times as yyyy-MM-dd HH:mm:ss on the file's date, compared as seconds of the day without
        // building DateTimes. Anything else is parsed (and accepted or rejected) by the general parser, as before.
        var startSecond = TimeOnFileDate(startText);
        if (startSecond < 0)
        {
            startText = Utf8Fields.Trim(startText);
            if (startText.IsEmpty)
            {
                return Missing(record, row, errors, Start);
            }
            if (Utf8Fields.DateTime(startText, out start) is { } startProblem)
            {
                return Bad(record, row, errors, Start, startProblem, startText);
            }
        }
        var endText = record.GetSpan(endAt);
        var endSecond = startSecond < 0 ? -1 : TimeOnFileDate(endText);
        if (endSecond < 0)
        {
            endText = Utf8Fields.Trim(endText);
            if (endText.IsEmpty)
            {
                return Missing(record, row, errors, End);
            }
            if (Utf8Fields.DateTime(endText, out end) is { } endProblem)
            {
                return Bad(record, row, errors, End, endProblem, endText);
            }
        }
        var raw = record.GetSpan(talkAt);
        var talk = UsualForms.Seconds(raw);
        if (talk < 0)
        {
            var text = Utf8Fields.Trim(raw);
            if (text.IsEmpty)
            {
                return Missing(record, row, errors, Talk);
            }
            if (Utf8Fields.Duration(text, out talk) is { } talkProblem)
            {
                return Bad(record, row, errors, Talk, talkProblem, text);
            }
        }
        raw = record.GetSpan(holdAt);
        var hold = UsualForms.Seconds(raw);
        if (hold < 0 && OptionalDuration(raw, out hold) is { } holdProblem)
        {
            return Bad(record, row, errors, Hold, holdProblem, Utf8Fields.Trim(raw));
        }
        raw = record.GetSpan(afterCallWorkAt);
        var afterCallWork = UsualForms.Seconds(raw);
        if (afterCallWork < 0 && OptionalDuration(raw, out afterCallWork) is { } acwProblem)
        {
            return Bad(record, row, errors, AfterCallWork, acwProblem, Utf8Fields.Trim(raw));
        }
        raw = record.GetSpan(resultAt);
        if (!UsualResult(raw, out var handled) && !TryResult(Utf8Fields.Trim(raw), out handled))
        {
            return Bad(record, row, errors, Result, RowErrorReasons.UnknownValue, Utf8Fields.Trim(raw));
        }
        raw = record.GetSpan(helpAt);
        if (!UsualForms.TryBit(raw, out var help) && OptionalBoolean(raw, out help) is { } helpProblem)
        {
            return Bad(record, row, errors, HelpRequested, helpProblem, Utf8Fields.Trim(raw));
        }
        raw = record.GetSpan(pushedAt);
        if (!UsualForms.TryBit(raw, out var pushed) && OptionalBoolean(raw, out pushed) is { } pushedProblem)
        {
            return Bad(record, row, errors, SurveyPushed, pushedProblem, Utf8Fields.Trim(raw));
        }
        raw = record.GetSpan(satisfactionAt);
        var rating = UsualRating(raw);
        if (rating == Rating.Unknown && !TrySatisfaction(Utf8Fields.Trim(raw), out rating))
        {
            return Bad(record, row, errors, Satisfaction, RowErrorReasons.UnknownValue, Utf8Fields.Trim(raw));
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

        totals ??= agents.GetOrAdd(agent, static id => new Totals(id));
        var caller = Utf8Fields.Trim(record.GetSpan(callerAt));
        if (!caller.IsEmpty)
        {
            // The start is on the file's day (checked above): its second of the day.
            long second = startSecond >= 0 ? startSecond : (start.Ticks - fileDay.Ticks) / TimeSpan.TicksPerSecond;
            long answerer = 0;
            if (handled)
            {
                if (totals.Index < 0)
                {
                    totals.Index = byIndex.Count;
                    byIndex.Add(totals);
                }
                answerer = totals.Index + 1L;
                totals.IdentifiedCalls++;
                totals.RepeatCalls++;
            }
            if (callerCount == callerHashes.Length)
            {
                var size = callerCount == 0 ? Math.Clamp(expectedRows, 16, MaxCallerPresize) : callerCount * 2;
                Array.Resize(ref callerHashes, size);
                Array.Resize(ref callerCalls, size);
            }
            callerHashes[callerCount] = CallerHash(caller);
            callerCalls[callerCount++] = (answerer << SecondBits) | second;
        }
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

    public override ExportReadResult Complete(ExportReadResult result)
    {
        // An answered call is a repeat when its caller called again that day (in this file): a later call, or another at
        // the same second. Each was counted as one when read; the caller's last call, alone at its second, is not.
        Array.Sort(callerHashes, callerCalls, 0, callerCount);
        const long secondMask = (1L << SecondBits) - 1;
        for (var i = 0; i < callerCount;)
        {
            // One caller's calls: the latest second, how many started then, and the call at it.
            var (latest, atLatest, last) = (-1L, 0, 0L);
            var j = i;
            for (; j < callerCount && callerHashes[j] == callerHashes[i]; j++)
            {
                var second = callerCalls[j] & secondMask;
                if (second > latest) (latest, atLatest, last) = (second, 1, callerCalls[j]);
                else if (second == latest) atLatest++;
            }
            if (atLatest == 1 && (last >> SecondBits) is var answerer and > 0) byIndex[(int)(answerer - 1)].RepeatCalls--;
            i = j;
        }
        (callerHashes, callerCalls, callerCount) = ([], [], 0);
        byIndex.Clear();
        return result with
        {
            Metrics = [.. agents.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value.ToMetrics(fileDate))],
        };
    }

    /// <summary>The caller number as a 64-bit XXH3 (System.IO.Hashing) under this read's random seed.</summary>
    /// <remarks>
    /// An HMAC-SHA256 per row made the 1M-row read ~21× slower (benchmarks <c>reader-callers</c>: ~2.5 µs a row, far
    /// below the reader's 250 MB/s target; reusing an IncrementalHash was still ~1.6 µs, keyed BLAKE3 ~0.4 µs) while
    /// XXH3 is tens of nanoseconds. A cryptographic MAC buys nothing here: the hashes exist only in this reader's memory
    /// for the one read, beside the file's own bytes, which hold the numbers in clear — whoever can read the hashes can
    /// read the numbers — and they are never stored, logged, returned or compared across reads. What the number needs is
    /// that nothing derived from it outlives the read (only the per-agent counts do) and that no stable pseudonym exists:
    /// the seed is random per read, so the same number hashes differently in every file, and the seed is dropped with
    /// the reader. Unknown to the file's author, it also keeps crafted collisions (numbers chosen to be counted as one
    /// caller) out of reach. 64 bits: the chance of any collision among a million callers is ~3e-8, which at worst
    /// miscounts one repeat call.
    /// </remarks>
    private ulong CallerHash(ReadOnlySpan<byte> caller) => System.IO.Hashing.XxHash3.HashToUInt64(caller, callerSeed);

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

    /// <summary>An optional duration that is not in its usual form: empty (after trimming) is 0, else the general parser's.</summary>
    private static string? OptionalDuration(ReadOnlySpan<byte> raw, out int seconds)
    {
        var text = Utf8Fields.Trim(raw);
        seconds = 0;
        return text.IsEmpty ? null : Utf8Fields.Duration(text, out seconds);
    }

    /// <summary>An optional flag that is not <c>0</c>/<c>1</c>: empty (after trimming) is false, else the general parser's.</summary>
    private static string? OptionalBoolean(ReadOnlySpan<byte> raw, out bool value)
    {
        var text = Utf8Fields.Trim(raw);
        value = false;
        return text.IsEmpty ? null : Utf8Fields.Boolean(text, out value);
    }

    private static byte[] FileDateText(DateOnly date) =>
        Encoding.ASCII.GetBytes(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The exporter's own spellings of <see cref="TryResult"/>, compared exactly and inline (the JIT unrolls a
    /// compare with a constant of known length into a word compare or two); false for anything else, which
    /// <see cref="TryResult"/> then reads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool UsualResult(ReadOnlySpan<byte> s, out bool handled)
    {
        handled = !s.SequenceEqual("abandoned"u8);
        return !handled || s.SequenceEqual("answered"u8) || s.SequenceEqual("transferred"u8);
    }

    /// <summary>The exporter's own spellings of <see cref="TrySatisfaction"/> (and empty), compared exactly and inline;
    /// <see cref="Rating.Unknown"/> for anything else, which <see cref="TrySatisfaction"/> then reads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Rating UsualRating(ReadOnlySpan<byte> s) =>
        s.IsEmpty ? Rating.None
        : s.SequenceEqual("satisfied"u8) ? Rating.Satisfied
        : s.SequenceEqual("neutral"u8) ? Rating.Neutral
        : s.SequenceEqual("dissatisfied"u8) ? Rating.Dissatisfied
        : Rating.Unknown;

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
        /// <summary>Place in the reader's list of agents with identified calls (-1: none yet).</summary>
        public int Index = -1;
        public int AnsweredCalls;
        public long TalkSeconds;
        public long HoldSeconds;
        public long AfterCallWorkSeconds;
        public int ShortCalls;
        public int HelpRequests;
        public int SurveysPushed;
        public int SurveysAnswered;
        public int SurveysSatisfied;
        public int IdentifiedCalls;
        public int RepeatCalls;

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
            IdentifiedCalls = IdentifiedCalls,
            RepeatCalls = RepeatCalls,
        };
    }
}
