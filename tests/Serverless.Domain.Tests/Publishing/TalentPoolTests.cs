using Serverless.Domain.Publishing;
using static Serverless.Domain.Tests.Publishing.MonthCloseRoster;

namespace Serverless.Domain.Tests.Publishing;

public sealed class TalentPoolTests
{
    [Fact]
    public void Talent_pool_lists_top_active_agents_by_cumulative_with_star_and_tenure_filters()
    {
        // Cumulative after October: a07 2110 (4★, no hire date), a01 1850 (4★, hired 2019-04), a03 1080 (3★, 2021-01),
        // a04 1080 (3★, 2024-06), a09 1000 (3★, none), x01 500 (left). As of 2026-10-31, min 3★ and 24 months:
        // a07 and a09 have no hire date, a04 has 28 months, so: a01, a03, a04 — top 2 keeps a01, a03.
        var pool = TalentPool.Select(Standings(), Stars, new TalentPoolCriteria(Top: 2, MinStars: 3, MinTenureMonths: 24, AsOf: new DateOnly(2026, 10, 31)));

        Assert.Equal([("a01", 1, 1850m, 4, 90), ("a03", 2, 1080m, 3, 69)], pool.Select(c => (c.AgentId, c.Position, c.CumulativePoints, c.Stars, c.TenureMonths!.Value)));
    }

    [Fact]
    public void Without_a_tenure_minimum_agents_without_a_hire_date_qualify()
    {
        var pool = TalentPool.Select(Standings(), Stars, new TalentPoolCriteria(Top: 3, MinStars: 4, MinTenureMonths: 0, AsOf: new DateOnly(2026, 10, 31)));

        Assert.Equal(["a07", "a01"], pool.Select(c => c.AgentId));
    }

    [Theory]
    [InlineData("2024-03-15", "2025-03-15", 12)]
    [InlineData("2024-03-15", "2025-03-14", 11)]
    [InlineData("2024-01-31", "2024-02-29", 1)]
    [InlineData("2024-05-01", "2024-04-30", 0)]
    public void Tenure_counts_whole_months(string hired, string asOf, int months) =>
        Assert.Equal(months, TalentPool.TenureMonths(DateOnly.Parse(hired, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture)));
}
