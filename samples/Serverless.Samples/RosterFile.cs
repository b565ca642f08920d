namespace Serverless.Samples;

/// <summary>The <c>roster</c> export (花名册): every agent, including those who have left.</summary>
internal static class RosterFile
{
    public static void Write(CsvRowWriter csv, SampleOptions options, IReadOnlyList<AgentProfile> agents)
    {
        var words = ExportVocabulary.For(options);
        csv.Header(words.RosterHeader);
        foreach (var profile in agents)
        {
            var agent = profile.Agent;
            csv.Field(agent.AgentId);
            csv.Field(agent.Name);
            csv.Field(agent.Department);
            csv.Field(agent.Specialty);
            csv.Field(agent.Team);
            csv.Field(agent.HireDate);
            csv.Field(words.Status(agent.Status));
            csv.EndRow();
        }
    }
}
