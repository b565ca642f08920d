using Serverless.Domain.Publishing;

namespace Serverless.Domain.Tests.Publishing;

public sealed class SheetNamesTests
{
    [Fact]
    public void Names_are_cleaned_shortened_and_made_unique_for_excel()
    {
        var names = SheetNames.Assign(
            ["a:b*c?", "Summary", new string('长', 40), new string('长', 40), "'quoted'", "", "history"],
            ["summary"]);

        Assert.Equal("a_b_c_", names[0]);
        // "summary" is taken by the summary sheet and Excel ignores case.
        Assert.Equal("Summary (2)", names[1]);
        Assert.Equal(new string('长', 31), names[2]);
        Assert.Equal(new string('长', 27) + " (2)", names[3]);
        Assert.Equal("quoted", names[4]);
        Assert.Equal("_", names[5]);
        Assert.Equal("history (2)", names[6]);
        Assert.All(names, n => Assert.True(n.Length <= SheetNames.MaxLength && n.IndexOfAny(['[', ']', ':', '*', '?', '/', '\\']) < 0, n));
    }
}
