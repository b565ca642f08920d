using System.Globalization;

namespace Serverless.Samples;

/// <summary>The <c>calls</c> export: one row per answered or transferred call.</summary>
internal static class CallsFile
{
    /// <summary>Never a real number: 199 is a mobile prefix, the rest comes from the generator.</summary>
    private const string CallerPrefix = "199";

    public static void Write(CsvRowWriter csv, SampleOptions options, IReadOnlyList<AgentProfile> agents, DateOnly day)
    {
        var words = ExportVocabulary.For(options);
        csv.Header(words.CallsHeader);
        var calls = DayCalls.Generate(options, agents, day);
        var idPrefix = IdPrefix(day);
        for (var i = 0; i < calls.Length; i++)
        {
            Row(csv, words, agents[calls[i].AgentIndex], calls[i], idPrefix, i + 1);
        }
    }

    /// <summary>
    /// A benchmark file: <paramref name="rows"/> calls cycling through the active agents, starts spread
    /// evenly over the business day so every row is valid, streamed without holding the day in memory.
    /// </summary>
    public static void WriteRows(CsvRowWriter csv, SampleOptions options, IReadOnlyList<AgentProfile> agents, DateOnly day, long rows)
    {
        var words = ExportVocabulary.For(options);
        csv.Header(words.CallsHeader);
        var active = agents.Where(a => a.IsActive).ToArray();
        if (active.Length == 0)
        {
            // A roster where everyone has left still needs someone to take the calls.
            active = [.. agents];
        }
        var rng = SampleRandom.For(options.Seed, SampleStream.CallsRows, day.DayNumber);
        var open = BusinessDay.Open(day);
        var idPrefix = IdPrefix(day);
        for (long i = 0; i < rows; i++)
        {
            var agent = active[(int)(i % active.Length)];
            var start = open.AddSeconds((double)(i * BusinessDay.OpenSeconds / rows));
            Row(csv, words, agent, CallDraw.Next(rng, agent, start), idPrefix, i + 1);
        }
    }

    /// <summary>Call ids are unique within the day: <c>yyyyMMdd-</c> and a running number.</summary>
    public static string IdPrefix(DateOnly day) => day.ToString("yyyyMMdd-", CultureInfo.InvariantCulture);

    private static void Row(CsvRowWriter csv, ExportVocabulary words, AgentProfile agent, in SampleCall call, string idPrefix, long sequence)
    {
        csv.Field(idPrefix, sequence, "D6");
        csv.Field(agent.Agent.AgentId);
        csv.Field(call.Start);
        csv.Field(call.End);
        csv.Field(call.TalkSeconds);
        csv.Field(call.HoldSeconds);
        csv.Field(call.AcwSeconds);
        csv.Field(agent.Agent.Specialty);
        csv.Field(call.Transferred ? words.Transferred : words.Answered);
        csv.Flag(call.HelpRequested);
        csv.Flag(call.SurveyPushed);
        switch (call.Answer)
        {
            case SurveyAnswer.Satisfied:
                csv.Field(words.Satisfied);
                break;
            case SurveyAnswer.Neutral:
                csv.Field(words.Neutral);
                break;
            case SurveyAnswer.Dissatisfied:
                csv.Field(words.Dissatisfied);
                break;
            default:
                csv.Empty();
                break;
        }
        csv.Field(CallerPrefix, call.CallerSuffix, "D8");
        csv.EndRow();
    }
}
