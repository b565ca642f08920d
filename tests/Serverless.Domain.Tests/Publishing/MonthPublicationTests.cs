using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using MiniExcelLibs;
using Serverless.Domain.Publishing;
using static Serverless.Domain.Tests.Publishing.MonthCloseRoster;

namespace Serverless.Domain.Tests.Publishing;

public sealed class MonthPublicationTests
{
    private static IReadOnlyList<PublishedFile> Publish() => MonthPublication.Build(Ranking(), V1);

    [Fact]
    public void First_publication_has_the_expected_files_with_the_manifest_last()
    {
        Assert.Equal(
            ["ranking.csv", "ranking.xlsx", "ranking.json", "bonus.csv", "payroll.csv", "teams.csv", "manifest.json"],
            Publish().Select(f => f.Name));
    }

    [Fact]
    public void Ranking_csv_has_a_BOM_and_reads_back_with_Chinese_names_and_every_row()
    {
        var csv = Publish().Named("ranking.csv").Content;

        Assert.True(PublishedFiles.StartsWithBom(csv));
        var records = PublishedFiles.ReadCsv(csv);
        Assert.Equal(["rank", "agent_id", "name", "department", "specialty", "team", "month_points", "work_quality_points", "mean_efficiency", "cumulative_points", "stars", "tier", "amount_cny"], records[0]);
        Assert.Equal(21, records.Count);
        Assert.Equal(["1", "a01", "张伟", "客服一部", "电费咨询", "客服一部一班", "150", "80", "118.2", "1850", "4", "A", "1000.00"], records[1]);
        // a09 has no efficiency: an empty cell, not 0.
        Assert.Equal("", records.Single(r => r[1] == "a09")[8]);
        Assert.Equal(MonthCloseRoster.Complaints, records.Single(r => r[1] == "a04")[3]);
    }

    [Fact]
    public void A_formula_in_a_name_is_neutralised_in_csv_but_a_negative_number_stays_a_number()
    {
        var csv = Publish().Named("ranking.csv").Content;
        var records = PublishedFiles.ReadCsv(csv);

        // The apostrophe makes Excel show the cell as text instead of running HYPERLINK.
        Assert.Equal("'" + Hyperlink, records.Single(r => r[1] == "a11")[2]);
        Assert.Equal("-5", records.Single(r => r[1] == "a20")[6]);
        Assert.Contains("\r\n20,a20,罗兰,客服二部,电费咨询,客服二部一班,-5,0,,-5,0,,0.00\r\n", Encoding.UTF8.GetString(csv), StringComparison.Ordinal);
    }

    [Fact]
    public void Bonus_csv_lists_only_paid_agents_with_two_decimal_amounts()
    {
        var records = PublishedFiles.ReadCsv(Publish().Named("bonus.csv").Content);

        Assert.Equal(["month", "rank", "agent_id", "name", "department", "specialty", "team", "month_points", "tier", "amount_cny", "hold"], records[0]);
        Assert.Equal(
            [("a01", "A", "1000.00"), ("a02", "B", "600.00"), ("a03", "C", "300.00"), ("a04", "C", "300.00")],
            records.Skip(1).Select(r => (r[2], r[8], r[9])));
        Assert.All(records.Skip(1), r => Assert.Equal("2026-10", r[0]));
    }

    [Fact]
    public void Payroll_feed_has_the_fixed_header_paid_rows_and_a_trailer_that_adds_up()
    {
        var content = Publish().Named("payroll.csv").Content;
        var text = Encoding.UTF8.GetString(content);
        var lines = text.Split("\r\n");

        Assert.False(PublishedFiles.StartsWithBom(content));
        Assert.Equal("employee_id,name,department,tier,amount_cny,month", lines[0]);
        Assert.Equal("a01,张伟,客服一部,A,1000.00,2026-10", lines[1]);
        Assert.Equal("a04,刘洋,投诉/咨询[中心],C,300.00,2026-10", lines[4]);
        // 1000.00 + 600.00 + 300.00 + 300.00 = 2200.00 over 4 rows.
        Assert.Equal("TRAILER,4,2200.00,2026-10", lines[5]);
        Assert.Equal("", lines[6]);
        var rows = PublishedFiles.ReadCsv(content).Skip(1).SkipLast(1).ToList();
        Assert.Equal(decimal.Parse(lines[5].Split(',')[2], CultureInfo.InvariantCulture), rows.Sum(r => decimal.Parse(r[4], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Workbook_has_summary_first_then_one_valid_sheet_per_department_with_its_agents()
    {
        using var xlsx = new MemoryStream(Publish().Named("ranking.xlsx").Content);

        // Departments in ordinal order; "投诉/咨询[中心]" has / [ ] which Excel forbids, so they become _.
        var sheets = xlsx.GetSheetNames();
        Assert.Equal(["summary", "客服一部", "客服二部", "投诉_咨询_中心_"], sheets);

        var first = xlsx.Query(useHeaderRow: true, sheetName: "客服一部").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["a01", "a03", "a06", "a09", "a11", "a13", "a16", "a19"], first.Select(r => (string)r["agent_id"]!));
        Assert.Equal(1000m, Convert.ToDecimal(first[0]["amount_cny"], CultureInfo.InvariantCulture));
        Assert.Equal("张伟", first[0]["name"]);
        Assert.Equal(5, xlsx.Query(useHeaderRow: true, sheetName: "投诉_咨询_中心_").Count());

        var summary = xlsx.Query(useHeaderRow: true, sheetName: "summary").Cast<IDictionary<string, object?>>()
            .ToDictionary(r => (string)r["item"]!, r => r["value"]);
        Assert.Equal(20, Convert.ToInt32(summary["eligible"], CultureInfo.InvariantCulture));
        Assert.Equal(2200m, Convert.ToDecimal(summary["total_amount_cny"], CultureInfo.InvariantCulture));
        Assert.Equal(MonthCloseRoster.Complaints, summary["sheet:投诉_咨询_中心_"]);
    }

    [Fact]
    public void A_formula_in_a_name_is_a_plain_string_cell_in_the_workbook()
    {
        var content = Publish().Named("ranking.xlsx").Content;
        using var xlsx = new MemoryStream(content);

        var row = xlsx.Query(useHeaderRow: true, sheetName: "客服一部").Cast<IDictionary<string, object?>>().Single(r => (string)r["agent_id"]! == "a11");
        Assert.Equal(Hyperlink, row["name"]);

        // A formula would be an <f> element; there is none in any sheet.
        using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
        foreach (var sheet in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(sheet.Open());
            var xml = reader.ReadToEnd();
            Assert.DoesNotContain("<x:f", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<f>", xml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Manifest_lists_every_other_file_with_its_size_and_hash_and_the_totals()
    {
        var files = Publish();
        using var stream = new MemoryStream(files.Named("manifest.json").Content);
        var manifest = PublicationManifest.Read(stream);

        Assert.Equal(("2026-10", 1, "positive-incentive@2026-01", V1.GeneratedAt), (manifest.Month, manifest.Version, manifest.RulesVersion, manifest.GeneratedAt));
        Assert.Equal((20, 4, 2200m), (manifest.RowCount, manifest.PaidCount, manifest.TotalAmount));
        Assert.Null(manifest.Diff);
        Assert.Equal(files.Where(f => f.Name != "manifest.json").Select(f => f.Name), manifest.Files.Select(f => f.Name));
        foreach (var entry in manifest.Files)
        {
            var bytes = files.Named(entry.Name).Content;
            Assert.Equal(bytes.LongLength, entry.Bytes);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), entry.Sha256);
        }
    }

    [Fact]
    public void Manifest_json_is_camel_case_in_a_stable_order()
    {
        var json = Encoding.UTF8.GetString(Publish().Named("manifest.json").Content);

        var keys = new[] { "\"month\"", "\"version\"", "\"rulesVersion\"", "\"generatedAt\"", "\"reason\"", "\"rowCount\"", "\"paidCount\"", "\"totalAmount\"", "\"tiers\"", "\"diff\"", "\"files\"" };
        var positions = keys.Select(k => json.IndexOf(k, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("\"generatedAt\": \"2026-11-01T02:00:00+08:00\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Ranking_json_reads_back_to_the_same_rows_and_summary()
    {
        var ranking = Ranking();
        using var stream = new MemoryStream(MonthPublication.Build(ranking, V1).Named("ranking.json").Content);

        var document = RankingJson.Read(stream);

        Assert.Equal(ranking.Rows, document.Rows);
        Assert.Equal((ranking.Summary.EligibleCount, ranking.Summary.PaidCount, ranking.Summary.TotalAmount), (document.Summary.EligibleCount, document.Summary.PaidCount, document.Summary.TotalAmount));
        Assert.Equal(ranking.Summary.Tiers, document.Summary.Tiers);
    }

    [Fact]
    public void The_same_input_gives_byte_identical_files_including_the_workbook()
    {
        var first = Publish();
        // MiniExcel stamps zip entries with the time and names relationships with random GUIDs; wait past the
        // zip clock's 2-second step so an unnormalised workbook could not pass by luck.
        Thread.Sleep(TimeSpan.FromSeconds(2.1));
        var second = Publish();

        Assert.Equal(first.Select(f => f.Name), second.Select(f => f.Name));
        Assert.All(first.Zip(second), pair => Assert.True(pair.First.Content.AsSpan().SequenceEqual(pair.Second.Content), pair.First.Name + " differs between two builds"));
    }
}
