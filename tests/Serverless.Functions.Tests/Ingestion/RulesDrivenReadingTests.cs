using Serverless.Domain.Scoring;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Ingestion;

/// <summary>What counts as a short call is the rules' <c>shortCallSeconds</c> in force on the file's day, not a reader default.</summary>
public sealed class RulesDrivenReadingTests(AzuriteFixture azurite) : IngestionTestBase(azurite)
{
    [Fact]
    public async Task Short_calls_are_counted_with_the_threshold_of_the_rules_in_force_on_the_files_day()
    {
        await Host.StartAsync(); // creates the tables
        var rules = new RulesStore(Host.Storage);
        var preset = RulePresets.ReadJson(RulePresets.PositiveIncentive);
        await rules.AddAsync(RulePresets.Load(RulePresets.PositiveIncentive), preset, default);
        var stricter = preset
            .Replace("\"version\": \"2026.1\"", "\"version\": \"2027.1\"", StringComparison.Ordinal)
            .Replace("\"effectiveFrom\": \"2026-01-01\"", "\"effectiveFrom\": \"2027-01-01\"", StringComparison.Ordinal)
            .Replace("\"shortCallSeconds\": 10", "\"shortCallSeconds\": 30", StringComparison.Ordinal);
        var parsed = RulesDocument.Parse(stricter);
        Assert.True(parsed.Succeeded, parsed.Describe());
        await rules.AddAsync(parsed.Value!, stricter, default);
        // The same two calls (20 s and 40 s of talk) before and after the new version takes effect.
        static byte[] Calls(string day) => Utf8(
            "call_id,agent_id,start_time,end_time,talk_seconds\n" +
            $"s1,R1,{day} 09:00:00,{day} 09:00:20,20\n" +
            $"s2,R1,{day} 10:00:00,{day} 10:00:40,40\n");

        var before = await ImportAsync("calls/2026-12-31/north.csv", Calls("2026-12-31"));
        var after = await ImportAsync("calls/2027-01-01/north.csv", Calls("2027-01-01"));

        Assert.Equal(0, Assert.Single(before.Metrics).ShortCalls);
        Assert.Equal(1, Assert.Single(after.Metrics).ShortCalls);
    }
}
