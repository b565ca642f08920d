namespace Serverless.Samples;

/// <summary>The <c>agent-time</c> export: one row per active agent and day; rest days carry a zero schedule.</summary>
internal static class AgentTimeFile
{
    public static void Write(CsvRowWriter csv, SampleOptions options, IReadOnlyList<AgentProfile> agents, DateOnly day)
    {
        var words = ExportVocabulary.For(options);
        csv.Header(words.AgentTimeHeader);
        foreach (var agent in agents)
        {
            if (!agent.IsActive)
            {
                continue;
            }
            csv.Field(agent.Agent.AgentId);
            csv.Field(day);
            if (!agent.WorksOn(day, options.Seed))
            {
                // WFM systems list rostered staff every day; a rest day is a zero schedule, not a missing row.
                csv.Field(0);
                csv.Field(0);
                csv.Field(0);
                csv.Empty();
                csv.Empty();
                csv.EndRow();
                continue;
            }
            var rng = SampleRandom.For(options.Seed, SampleStream.AgentTime, day.DayNumber, agent.Index);
            var signedInShare = rng.Chance(agent.LowSignInRate) ? rng.Between(0.6, 0.9) : rng.Between(0.9, 1.0);
            var signedIn = (int)Math.Round(BusinessDay.ShiftSeconds * signedInShare);
            var notReady = (int)Math.Round(signedIn * rng.Between(0.03, 0.15));
            csv.Field(BusinessDay.ShiftSeconds);
            csv.Field(signedIn);
            csv.Field(notReady);
            // Skewed up and capped at 1: a good share of agents keep their schedule to the minute.
            csv.Field(Math.Min(1.0, rng.Between(0.9, 1.0) + rng.Between(0.0, 0.03)), "0.000");
            csv.Field(rng.Chance(0.06) ? rng.Between(1, 20) : 0);
            csv.EndRow();
        }
    }
}
