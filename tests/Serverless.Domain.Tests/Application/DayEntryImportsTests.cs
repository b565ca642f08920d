using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;

namespace Serverless.Domain.Tests.Application;

/// <summary>A daily entry names the imports of the exports its rule reads, and all of the day's when their kinds are not known.</summary>
public sealed class DayEntryImportsTests
{
    private static readonly AgentDayMetrics Day = AgentDayMetrics.Empty("A1", new DateOnly(2026, 10, 5));

    [Fact]
    public void An_entry_names_only_the_imports_of_the_kinds_its_rule_reads()
    {
        var metrics = new MetricsWithImports(Day, ["c1", "q1", "t1"])
        {
            ImportIdsByKind = new Dictionary<ExportKind, IReadOnlyList<string>>
            {
                [ExportKind.Calls] = ["c1"],
                [ExportKind.AgentTime] = ["t1"],
                [ExportKind.Quality] = ["q1"],
            },
        };

        Assert.Equal(["c1", "t1"], metrics.ImportIdsOf([ExportKind.AgentTime, ExportKind.Calls]));
        Assert.Equal(["q1"], metrics.ImportIdsOf([ExportKind.Quality]));
    }

    [Fact]
    public void Imports_of_unknown_kind_make_an_entry_name_all_of_the_day()
    {
        var unkinded = new MetricsWithImports(Day, ["c1", "t1"]);
        var partly = new MetricsWithImports(Day, ["c1", "t1"])
        {
            ImportIdsByKind = new Dictionary<ExportKind, IReadOnlyList<string>> { [ExportKind.Calls] = ["c1"] },
        };

        Assert.Equal(["c1", "t1"], unkinded.ImportIdsOf([ExportKind.Calls]));
        Assert.Equal(["c1", "t1"], partly.ImportIdsOf([ExportKind.Calls]));
    }
}
