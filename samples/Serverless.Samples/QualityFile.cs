namespace Serverless.Samples;

/// <summary>The <c>quality</c> export: the calls a quality inspector sampled that day, with score and error flag.</summary>
internal static class QualityFile
{
    private const double InspectedRate = 0.03;
    private const double ErrorRate = 0.01;

    public static void Write(CsvRowWriter csv, SampleOptions options, IReadOnlyList<AgentProfile> agents, DateOnly day)
    {
        var words = ExportVocabulary.For(options);
        csv.Header(words.QualityHeader);
        // Regenerating the day's calls (cheap) is what lets an inspection name a call id that exists.
        var calls = DayCalls.Generate(options, agents, day);
        var rng = SampleRandom.For(options.Seed, SampleStream.Quality, day.DayNumber);
        var idPrefix = CallsFile.IdPrefix(day);
        for (var i = 0; i < calls.Length; i++)
        {
            if (!rng.Chance(InspectedRate))
            {
                continue;
            }
            var error = rng.Chance(ErrorRate);
            csv.Field(agents[calls[i].AgentIndex].Agent.AgentId);
            csv.Field(day);
            csv.Field(idPrefix, i + 1, "D6");
            csv.Field(error ? rng.Between(60, 85) : rng.Between(88, 100));
            csv.Flag(error);
            csv.EndRow();
        }
    }
}
