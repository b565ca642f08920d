using Serverless.Application.UseCases;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;

namespace Serverless.Domain.Tests.Publishing;

/// <summary>The completeness check's judgement by hand: business days, expected sources, each cell's state, after close.</summary>
public sealed class CompletenessCheckTests
{
    private static readonly YearMonth June = new(2027, 6);
    private static readonly DateTimeOffset Noon = new(2027, 6, 1, 12, 0, 0, TimeSpan.FromHours(8));

    private static ExportArrival A(ExportKind kind, int day, string source, DayFileState state = DayFileState.Accepted, int hoursAfter = 0) =>
        new(kind, new DateOnly(2027, 6, day), source, state, Noon.AddDays(day - 1).AddHours(hoursAfter), $"{kind}-{day}-{source}-{hoursAfter}");

    /// <summary>Calls and agent-time from <paramref name="source"/> on every day from <paramref name="from"/> to 30 June.</summary>
    private static List<ExportArrival> Every(string source, int from = 1) =>
        [.. Enumerable.Range(from, 31 - from).SelectMany(d => new[] { A(ExportKind.Calls, d, source), A(ExportKind.AgentTime, d, source) })];

    private static MonthCompleteness Judge(IReadOnlyList<ExportArrival> arrivals, bool before = true, CompletenessRules? rules = null, IReadOnlyList<PendingExport>? pending = null, DateOnly? lastDay = null, DateTimeOffset? closedAt = null) =>
        CompletenessCheck.Judge(June, lastDay ?? June.LastDay, rules ?? CompletenessRules.Default, arrivals, pending ?? [], before, closedAt);

    [Fact]
    public void A_month_with_every_required_file_is_complete_and_an_empty_month_has_nothing_to_judge()
    {
        Assert.True(Judge(Every("north")).IsComplete);
        Assert.Equal(30, Judge(Every("north")).Days.Count);
        var empty = Judge([], before: false);
        Assert.True(empty.IsComplete);
        Assert.Empty(empty.Days);
    }

    [Fact]
    public void Every_calendar_day_is_a_business_day_so_a_day_with_no_export_at_all_is_two_gaps()
    {
        var arrivals = Every("north").Where(a => a.Date.Day != 30).ToList();

        var found = Judge(arrivals);

        Assert.Equal([(30, ExportKind.Calls, DayFileState.Missing), (30, ExportKind.AgentTime, DayFileState.Missing)], found.Gaps.Select(g => (g.Date.Day, g.Kind, g.State)));
        Assert.Equal("2 gaps in 2027-06: 2027-06-30 calls from north missing; 2027-06-30 agent-time from north missing", found.Describe());
    }

    [Fact]
    public void In_the_pipelines_first_month_the_days_before_its_first_export_are_not_judged_but_a_missing_first_day_is_a_gap_once_it_was_live()
    {
        var fromTheTenth = Every("north", from: 10);

        Assert.True(Judge(fromTheTenth, before: false).IsComplete);
        Assert.Equal(new DateOnly(2027, 6, 10), Judge(fromTheTenth, before: false).Days[0]);
        Assert.Equal(18, Judge(fromTheTenth, before: true).Gaps.Count);
    }

    [Fact]
    public void Every_source_seen_with_a_required_kind_is_expected_every_day_unless_the_rules_name_the_sources()
    {
        var arrivals = Every("north").Append(A(ExportKind.Calls, 5, "south")).Append(A(ExportKind.Quality, 5, "qc-vendor")).ToList();

        var seen = Judge(arrivals);
        var named = Judge(Every("north"), rules: CompletenessRules.Default with { Sources = ["north", "east"] });

        Assert.Equal(["north", "south"], seen.Sources);
        Assert.Equal(59, seen.Gaps.Count); // south: 30 agent-time days and 29 calls days; qc-vendor sent only an optional kind
        Assert.All(seen.Gaps, g => Assert.Equal("south", g.Source));
        Assert.Equal(60, named.Gaps.Count);
        Assert.All(named.Gaps, g => Assert.Equal(("east", DayFileState.Missing), (g.Source, g.State)));
    }

    [Fact]
    public void A_rejected_file_is_a_gap_until_a_later_file_is_accepted_and_never_replaces_an_accepted_one()
    {
        var arrivals = Every("north").Where(a => a.Date.Day is not (3 or 4 or 5) || a.Kind == ExportKind.Calls).ToList();
        arrivals.Add(A(ExportKind.AgentTime, 3, "north", DayFileState.Rejected));
        arrivals.Add(A(ExportKind.AgentTime, 4, "north", DayFileState.Rejected));
        arrivals.Add(A(ExportKind.AgentTime, 4, "north", DayFileState.WithErrors, hoursAfter: 2));
        arrivals.Add(A(ExportKind.AgentTime, 5, "north", DayFileState.Duplicate));
        arrivals.Add(A(ExportKind.AgentTime, 5, "north", DayFileState.Rejected, hoursAfter: 3));

        var cells = Judge(arrivals).Cells.Where(c => c.Kind == ExportKind.AgentTime && c.Date.Day is 3 or 4 or 5).ToDictionary(c => c.Date.Day);

        Assert.Equal((DayFileState.Rejected, true), (cells[3].State, cells[3].Gap));
        Assert.Equal((DayFileState.WithErrors, false), (cells[4].State, cells[4].Gap));
        Assert.Equal((DayFileState.Duplicate, false), (cells[5].State, cells[5].Gap));
    }

    [Fact]
    public void A_file_in_the_container_without_a_status_row_is_importing_and_an_optional_kind_is_shown_but_never_a_gap()
    {
        var arrivals = Every("north").Where(a => !(a.Date.Day == 7 && a.Kind == ExportKind.AgentTime)).Append(A(ExportKind.Quality, 7, "north", DayFileState.Rejected)).ToList();

        var found = Judge(arrivals, pending: [new PendingExport(ExportKind.AgentTime, new DateOnly(2027, 6, 7), "north", "agent-time/2027-06-07/north.csv")]);

        var gap = Assert.Single(found.Gaps);
        Assert.Equal((7, ExportKind.AgentTime, DayFileState.Importing), (gap.Date.Day, gap.Kind, gap.State));
        var quality = found.Cells.Where(c => c.Kind == ExportKind.Quality).ToList();
        Assert.Equal(30, quality.Count);
        Assert.All(quality, c => Assert.False(c.Gap));
        Assert.Equal(DayFileState.Rejected, quality.Single(c => c.Date.Day == 7).State);
    }

    [Fact]
    public void A_month_under_way_is_judged_up_to_today_and_files_received_after_v1_are_after_close()
    {
        var arrivals = Every("north", from: 1).Where(a => a.Date.Day <= 12).ToList();
        Assert.True(Judge(arrivals, lastDay: new DateOnly(2027, 6, 12)).IsComplete);

        var closedAt = Noon.AddDays(30);
        var late = A(ExportKind.Calls, 30, "north", hoursAfter: 30);
        var found = Judge([.. Every("north"), late], closedAt: closedAt);

        Assert.Equal([late], found.AfterClose);
        Assert.True(found.Cells.Single(c => c.Date.Day == 30 && c.Kind == ExportKind.Calls).AfterClose);
        Assert.False(found.Cells.Single(c => c.Date.Day == 30 && c.Kind == ExportKind.AgentTime).AfterClose);
    }

    [Theory]
    [InlineData("", "", "", "", CompletenessPolicy.Wait)]
    [InlineData("publish", "calls", "quality,work-items", "north,south", CompletenessPolicy.Publish)]
    public void The_settings_read_as_rules(string policy, string required, string optional, string sources, CompletenessPolicy expected)
    {
        var rules = new CompletenessOptions { Policy = policy, RequiredKinds = required, OptionalKinds = optional, Sources = sources }.ToRules();
        Assert.Equal(expected, rules.Policy);
        Assert.Equal(sources.Split(',', StringSplitOptions.RemoveEmptyEntries), rules.Sources);
        Assert.Equal(required.Split(',', StringSplitOptions.RemoveEmptyEntries).Length, rules.RequiredKinds.Count);
        Assert.Equal(CompletenessRules.Default.RequiredKinds, new CompletenessOptions().ToRules().RequiredKinds);
    }

    [Fact]
    public void A_wrong_setting_is_refused_with_its_name_and_what_is_allowed()
    {
        Assert.Equal("MonthClose:Completeness:Policy is 'later'; it must be wait or publish.",
            Assert.Throws<InvalidOperationException>(() => new CompletenessOptions { Policy = "later" }.ToRules()).Message);
        Assert.Contains("RequiredKinds names 'call'", Assert.Throws<InvalidOperationException>(() => new CompletenessOptions { RequiredKinds = "call,agent-time" }.ToRules()).Message, StringComparison.Ordinal);
    }
}
