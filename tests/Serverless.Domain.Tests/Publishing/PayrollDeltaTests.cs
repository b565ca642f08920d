using System.Globalization;
using System.Text;
using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;
using static Serverless.Domain.Tests.Publishing.MonthCloseRoster;

namespace Serverless.Domain.Tests.Publishing;

/// <summary>
/// <c>payroll-delta.csv</c>: what payroll pays on top of the version it took, so a correction is never paid twice; and
/// held bonuses, which stay in <c>bonus.csv</c> and leave <c>payroll.csv</c>.
/// </summary>
public sealed class PayrollDeltaTests
{
    private static readonly YearMonth October = new(2026, 10);

    private static PayrollLine Line(string id, decimal amount) => new(id, "坐席" + id, "客服一部", amount);

    [Fact]
    public void Only_employees_whose_amount_changed_are_listed_with_old_new_and_difference()
    {
        var taken = new[] { Line("e1", 1000m), Line("e2", 600m), Line("e3", 300m), Line("e4", 300m) };
        // e1 unchanged, e2 down to 300, e3 gone, e5 new, e4 unchanged.
        var current = new[] { Line("e1", 1000m), Line("e2", 300m), Line("e4", 300m), Line("e5", 600m) };

        var delta = PayrollDelta.Compare(1, againstTaken: false, taken, current);

        Assert.Equal(
            [("e2", PayrollChangeKind.Changed, 600m, 300m, -300m), ("e3", PayrollChangeKind.Removed, 300m, 0m, -300m), ("e5", PayrollChangeKind.Added, 0m, 600m, 600m)],
            delta.Changes.Select(c => (c.EmployeeId, c.Kind, c.OldAmount, c.NewAmount, c.Difference)));
        Assert.Equal((1, 1, 1, 0m), (delta.AddedCount, delta.ChangedCount, delta.RemovedCount, delta.NetAmount));
        // Paying the taken version plus the delta pays exactly the new version.
        Assert.Equal(current.Sum(l => l.Amount), taken.Sum(l => l.Amount) + delta.NetAmount);
    }

    [Fact]
    public void The_delta_file_has_a_fixed_header_one_row_per_change_and_a_trailer_that_adds_up()
    {
        var delta = PayrollDelta.Compare(2, againstTaken: true,
            [Line("e1", 1000m), Line("e2", 600m)],
            [Line("e1", 600m), Line("e2", 600m), Line("e3", 300m)]);
        using var buffer = new MemoryStream();
        PayrollDeltaCsv.Write(delta, October, buffer);
        var content = buffer.ToArray();
        var lines = Encoding.UTF8.GetString(content).Split("\r\n");

        Assert.False(PublishedFiles.StartsWithBom(content));
        Assert.Equal("employee_id,name,department,change,old_amount_cny,new_amount_cny,difference_cny,month", lines[0]);
        Assert.Equal("e1,坐席e1,客服一部,changed,1000.00,600.00,-400.00,2026-10", lines[1]);
        Assert.Equal("e3,坐席e3,客服一部,added,0.00,300.00,300.00,2026-10", lines[2]);
        // 2 rows: 1 added, 1 changed, 0 removed; -400 + 300 = -100; against v2.
        Assert.Equal("TRAILER,2,1,1,0,-100.00,2026-10,v2", lines[3]);
        Assert.Equal(PayrollDeltaCsv.Trailer(delta, October), lines[3]);
        Assert.Equal("", lines[4]);
        var rows = PublishedFiles.ReadCsv(content).Skip(1).SkipLast(1).ToList();
        Assert.Equal(-100m, rows.Sum(r => decimal.Parse(r[6], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_re_publication_carries_the_delta_and_its_manifest_says_which_version_it_is_against()
    {
        var ranking = Ranking();
        var v1 = MonthPublication.Build(ranking, V1);
        RankingDocument previous;
        using (var stream = new MemoryStream(v1.Named("ranking.json").Content)) previous = RankingJson.Read(stream);
        var current = PayrollLine.Of(ranking.Rows).Select(l => l.EmployeeId == "a02" ? l with { Amount = 300m } : l).ToList();
        var delta = PayrollDelta.Compare(1, againstTaken: false, PayrollLine.Of(previous.Rows), current);

        var v2 = MonthPublication.Build(ranking, V1 with { Version = 2, Reason = "a02's tier corrected" }, previous, new PayrollExtras(delta, [], 0));

        Assert.Equal(["ranking.csv", "ranking.xlsx", "ranking.json", "bonus.csv", "payroll.csv", "teams.csv", "diff.csv", "payroll-delta.csv", "manifest.json"], v2.Select(f => f.Name));
        Assert.Equal("TRAILER,1,0,1,0,-300.00,2026-10,v1", Encoding.UTF8.GetString(v2.Named("payroll-delta.csv").Content).Split("\r\n")[2]);
        using var manifestStream = new MemoryStream(v2.Named("manifest.json").Content);
        var manifest = PublicationManifest.Read(manifestStream);
        Assert.Equal(new ManifestPayrollDelta(1, false, 1, 0, 1, 0, -300m), manifest.PayrollDelta);
        Assert.Contains("payroll-delta.csv", manifest.Files.Select(f => f.Name));
        // v1 says nothing of a delta: its manifest reads as a v1 manifest always did.
        Assert.DoesNotContain("payrollDelta", Encoding.UTF8.GetString(v1.Named("manifest.json").Content), StringComparison.Ordinal);
    }

    [Fact]
    public void A_delta_against_the_same_or_a_later_version_is_refused()
    {
        var ranking = Ranking();
        using var stream = new MemoryStream(MonthPublication.Build(ranking, V1).Named("ranking.json").Content);
        var previous = RankingJson.Read(stream);
        var delta = PayrollDelta.Compare(2, againstTaken: true, [], []);

        Assert.Throws<ArgumentException>(() => MonthPublication.Build(ranking, V1 with { Version = 2, Reason = "r" }, previous, new PayrollExtras(delta, [], 0)));
    }

    [Fact]
    public void A_held_bonus_stays_in_bonus_csv_with_the_hold_and_leaves_payroll_csv_and_its_trailer()
    {
        var files = MonthPublication.Build(Ranking(), V1, previous: null, new PayrollExtras(null, [new BonusHold("a02", "inquiry open: q-1")], OpenInquiries: 2));

        var bonus = PublishedFiles.ReadCsv(files.Named("bonus.csv").Content);
        Assert.Equal("hold", bonus[0][^1]);
        Assert.Equal([("a01", ""), ("a02", "inquiry open: q-1"), ("a03", ""), ("a04", "")], bonus.Skip(1).Select(r => (r[2], r[10])));
        var payroll = Encoding.UTF8.GetString(files.Named("payroll.csv").Content).Split("\r\n");
        Assert.DoesNotContain(payroll, l => l.StartsWith("a02,", StringComparison.Ordinal));
        // 1000 + 300 + 300 without a02's 600.
        Assert.Equal("TRAILER,3,1600.00,2026-10", payroll[4]);
        using var stream = new MemoryStream(files.Named("manifest.json").Content);
        var manifest = PublicationManifest.Read(stream);
        Assert.Equal([new BonusHold("a02", "inquiry open: q-1")], manifest.Holds);
        Assert.Equal(2, manifest.OpenInquiries);
        Assert.Equal(["a01", "a03", "a04"], PayrollLine.Of(Ranking().Rows, manifest.Holds).Select(l => l.EmployeeId));
    }
}
