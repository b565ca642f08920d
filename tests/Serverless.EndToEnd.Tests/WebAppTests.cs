using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Playwright;
using Serverless.Domain.Publishing;
using Serverless.Samples;
using Serverless.Testing;

namespace Serverless.EndToEnd.Tests;

/// <summary>
/// The local stack at October's close with a small generated October published by HR (40 agents, 5 days, one quality file
/// rejected for its bad rows), and one headless Debian chromium driven by Playwright (never a downloaded browser),
/// shared by the web app's browser tests.
/// </summary>
public sealed class PublishedWebStack() : LocalStackFixture(OctoberClosingStack.ClosingMoment)
{
    public const string Chromium = "/usr/bin/chromium";
    public const string RejectedSource = "spoiled";
    public static readonly DateOnly RejectedDay = new(2026, 10, 2);

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public RankingDocument Ranking { get; private set; } = null!;

    public static string Screenshots => Path.Combine(AzuriteFixture.RepoRoot, "artifacts", "screenshots");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var month = OctoberClosingStack.October;
        var root = Directory.CreateTempSubdirectory("web-e2e").FullName;
        try
        {
            var files = SampleGenerator.WriteTree(root, new SampleOptions { Agents = 40, StartDate = month.FirstDay, Days = 5, Source = "web-e2e" });
            var exports = new BlobServiceClient(Stack.StorageConnectionString).GetBlobContainerClient("exports");
            await exports.CreateIfNotExistsAsync();
            await exports.UploadBlobAsync(files[0], File.OpenRead(Path.Combine(root, files[0])));
            var roster = new TableServiceClient(Stack.StorageConnectionString).GetTableClient("Roster");
            await Eventually.UntilAsync(async () => await roster.RowCountAsync() >= 40, "the roster import", TimeSpan.FromMinutes(5));
            foreach (var file in files.Skip(1))
            {
                await using var content = File.OpenRead(Path.Combine(root, file));
                await exports.UploadBlobAsync(file, content);
            }
            // A second source's quality file for 2 October whose every tenth score is not a number: far over the 1 % of bad
            // rows a file may have, so it is rejected whole, and its report lists those rows.
            var quality = files.Single(f => f.StartsWith($"quality/{RejectedDay:yyyy-MM-dd}/", StringComparison.Ordinal));
            var lines = (await File.ReadAllTextAsync(Path.Combine(root, quality))).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var spoiled = lines.Skip(1).Select((line, i) => i % 10 != 0 ? line : string.Join(',', line.Split(',').Select((field, f) => f == 3 ? "abc" : field)));
            await exports.UploadBlobAsync($"quality/{RejectedDay:yyyy-MM-dd}/{RejectedSource}.csv", BinaryData.FromString(string.Join("\r\n", [lines[0], .. spoiled]) + "\r\n"));

            var imports = new TableServiceClient(Stack.StorageConnectionString).GetTableClient("Imports");
            await Eventually.UntilAsync(async () => await imports.RowCountAsync() >= files.Count + 1, "an import row per dropped file", TimeSpan.FromMinutes(10));
            var queue = new QueueServiceClient(Stack.StorageConnectionString).GetQueueClient("score-requests");
            var quiet = 0;
            await Eventually.UntilAsync(async () =>
            {
                quiet = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0 ? quiet + 1 : 0;
                return quiet >= 20;
            }, "the score-requests queue to drain", TimeSpan.FromMinutes(10));

            // Five days of October: HR closes it knowing the other days' gaps (the timer would wait for them).
            using var hr = Client(Stack.Options.FunctionKeys[0]);
            hr.DefaultRequestHeaders.Add("X-Points-Roles", "hr-admin");
            var run = await hr.PostAsJsonAsync($"/api/months/{month}/publish", new { reason = "web app tests: five days of October", acceptGaps = true });
            Assert.Equal(HttpStatusCode.Created, run.StatusCode);
            var json = (await new BlobServiceClient(Stack.StorageConnectionString).GetBlobContainerClient("rankings").GetBlobClient($"{month}/v1/ranking.json").DownloadContentAsync()).Value.Content;
            using var stream = json.ToStream();
            Ranking = RankingJson.Read(stream);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        Directory.CreateDirectory(Screenshots);
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>A fresh browser context signed in through the development sign-in page as <paramref name="role"/>.</summary>
    public async Task<IPage> SignInAsync(string role, string? agentId = null, string? team = null, ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = Stack.BaseAddress.ToString(), ViewportSize = viewport ?? new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/app/signin");
        await page.SelectOptionAsync("select[name=role]", role);
        if (agentId is not null) await page.FillAsync("input[name=agentId]", agentId);
        if (team is not null) await page.FillAsync("input[name=team]", team);
        await page.ClickAsync("form button[type=submit]");
        await page.WaitForLoadStateAsync();
        return page;
    }

    /// <summary>The HR API as HR reads it (function key and the trusted role header), for the figures the pages must show.</summary>
    public HttpClient HrApi()
    {
        var client = Client(Stack.Options.MasterKey);
        client.DefaultRequestHeaders.Add("X-Points-Roles", "hr-reader");
        return client;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

}

/// <summary>What a person sees in the web app, in a real browser, against a published month.</summary>
public sealed class WebAppTests(PublishedWebStack stack) : IClassFixture<PublishedWebStack>
{
    private RankingDocument Ranking => stack.Ranking;

    private static string N(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_leaderboard_shows_the_top_agent_from_ranking_json_and_its_filters_narrow_the_rows()
    {
        var page = await stack.SignInAsync("hr-reader", viewport: null);
        await page.GotoAsync("/app/leaderboard");
        var first = page.Locator("#ranking tbody tr").First;
        Assert.Equal(Ranking.Rows[0].Name, (await first.Locator("td").Nth(1).InnerTextAsync()).Trim());
        Assert.Equal(N(Ranking.Rows[0].MonthPoints), (await first.Locator("td.points").InnerTextAsync()).Trim());
        Assert.Contains("v1", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        if (Ranking.Rows.Any(r => r.Tier is not null) && Ranking.Rows.Any(r => r.Tier is null))
        {
            Assert.Equal("15% 奖励线", (await page.InnerTextAsync("tr.cut")).Trim());
        }
        await PublishedWebStack.ScreenshotAsync(page, "leaderboard");

        var department = Ranking.Rows[^1].Department;
        await page.SelectOptionAsync("select[name=department]", department);
        await page.ClickAsync("form.filters button");
        await page.WaitForLoadStateAsync();
        var expected = Ranking.Rows.Where(r => r.Department == department).ToList();
        var cells = await page.Locator("#ranking tbody tr:not(.cut) td:nth-child(3)").AllInnerTextsAsync();
        Assert.Equal(Math.Min(expected.Count, 50), cells.Count);
        Assert.All(cells, c => Assert.Equal(department, c.Trim()));
        Assert.Equal(expected[0].Name, (await page.Locator("#ranking tbody tr").First.Locator("td").Nth(1).InnerTextAsync()).Trim());

        // English on the switch, and a phone-sized screen still shows the table (scrolled sideways, not cut off).
        await page.ClickAsync("a.lang");
        Assert.Equal("Rank", (await page.Locator("#ranking th").First.InnerTextAsync()).Trim());
        var phone = await stack.SignInAsync("hr-reader", viewport: new() { Width = 390, Height = 844 });
        await phone.GotoAsync("/app/leaderboard");
        await PublishedWebStack.ScreenshotAsync(phone, "leaderboard-phone");
        Assert.Equal(Ranking.Rows[0].Name, (await phone.Locator("#ranking tbody tr").First.Locator("td").Nth(1).InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task An_agent_sees_their_own_entries_and_growth_curve_and_gets_403_on_another_agents_page()
    {
        var me = Ranking.Rows[1].AgentId;
        using var api = stack.HrApi();
        var points = await api.GetFromJsonAsync<JsonElement>($"/api/agents/{me}/points?from=2026-10-01&to=2026-10-31");
        var entries = points.GetProperty("entries").EnumerateArray().ToList();
        Assert.NotEmpty(entries);

        var page = await stack.SignInAsync("agent", agentId: me);
        await page.GotoAsync("/app");
        Assert.EndsWith($"/app/agents/{me}", page.Url, StringComparison.Ordinal);
        var rows = page.Locator("#entries tbody tr");
        Assert.Equal(entries.Count, await rows.CountAsync());
        var firstCells = await rows.First.Locator("td").AllInnerTextsAsync();
        Assert.Equal(entries[0].GetProperty("rule").GetString(), firstCells[1].Trim());
        Assert.Equal(entries[0].GetProperty("inputs").GetString(), firstCells[4].Trim());
        Assert.Equal(entries[0].GetProperty("rulesVersion").GetString(), firstCells[6].Trim());

        // The growth curve is drawn by ECharts from the same figures as the API's growth.
        await page.WaitForSelectorAsync("#growth canvas");
        var drawn = await page.EvaluateAsync<double[]>("() => echarts.getInstanceByDom(document.getElementById('growth')).getOption().series[0].data");
        var growth = points.GetProperty("growth").EnumerateArray().Select(g => (double)g.GetProperty("cumulative").GetDecimal()).ToArray();
        Assert.Equal(growth[^1], drawn[^1]);
        Assert.Contains(N(points.GetProperty("cumulative").GetDecimal()), await page.InnerTextAsync("#cumulative"), StringComparison.Ordinal);
        await PublishedWebStack.ScreenshotAsync(page, "agent");

        var other = Ranking.Rows[0].AgentId;
        var refused = await page.GotoAsync($"/app/agents/{other}");
        Assert.Equal(403, refused!.Status);
        Assert.Contains("无权查看", await page.InnerTextAsync("main"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_efficiency_spread_draws_a_box_per_department_from_the_published_efficiencies()
    {
        var page = await stack.SignInAsync("hr-admin");
        await page.GotoAsync("/app/efficiency");
        await page.WaitForSelectorAsync("#spread canvas");
        var boxes = await page.EvaluateAsync<double[][]>("() => echarts.getInstanceByDom(document.getElementById('spread')).getOption().series[0].data");
        var groups = Ranking.Rows.Where(r => r.MeanEfficiency is not null).GroupBy(r => r.Department).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(groups.Count, boxes.Length);
        for (var i = 0; i < groups.Count; i++)
        {
            var values = groups[i].Select(r => r.MeanEfficiency!.Value).ToList();
            Assert.Equal(Math.Round(values.Min(), 4), boxes[i][0], 4);
            Assert.Equal(Math.Round(values.Max(), 4), boxes[i][4], 4);
            Assert.InRange(boxes[i][2], values.Min() - 1e-4, values.Max() + 1e-4);
        }
        await PublishedWebStack.ScreenshotAsync(page, "efficiency");
    }

    [Fact]
    public async Task The_import_matrix_shows_the_rejected_file_as_rejected_and_its_report_lists_the_row_errors()
    {
        var page = await stack.SignInAsync("hr-reader");
        await page.GotoAsync("/app/imports?month=2026-10");
        var row = page.Locator("#matrix tbody tr", new() { HasText = PublishedWebStack.RejectedDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        var rejected = row.Locator("a[data-kind=quality][data-status=Rejected]");
        await PublishedWebStack.ScreenshotAsync(page, "imports");
        Assert.Equal(1, await rejected.CountAsync());
        Assert.Equal("已拒收", (await rejected.InnerTextAsync()).Trim());

        await rejected.ClickAsync();
        await page.WaitForSelectorAsync("#row-errors");
        Assert.Contains($"{PublishedWebStack.RejectedSource}.csv", await page.InnerTextAsync("#import"), StringComparison.Ordinal);
        var reasons = await page.Locator("#row-errors tbody td:nth-child(3)").AllInnerTextsAsync();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, r => Assert.Equal("not a number", r.Trim()));
        var csv = await page.Context.APIRequest.GetAsync((await page.GetAttributeAsync("#errors-csv", "href"))!);
        Assert.Equal(200, csv.Status);
        Assert.Contains("not a number", await csv.TextAsync(), StringComparison.Ordinal);
        await PublishedWebStack.ScreenshotAsync(page, "import-report");
    }

    [Fact]
    public async Task A_team_lead_awards_through_the_form_and_sending_the_same_form_again_does_not_award_twice()
    {
        var team = Ranking.Rows[0].Team;
        var agent = Ranking.Rows.First(r => r.Team == team).AgentId;
        var page = await stack.SignInAsync("team-lead", team: team);
        await page.GotoAsync("/app/team");
        Assert.Equal(Ranking.Rows.Count(r => r.Team == team), await page.Locator("#ranking tbody tr:not(.cut)").CountAsync());
        await page.SelectOptionAsync("#award select[name=agentId]", agent);
        await page.SelectOptionAsync("#award select[name=item]", "activity");
        await page.SelectOptionAsync("#award select[name=level]", "team");
        await page.FillAsync("#award input[name=note]", "班组活动");
        var fields = await page.EvaluateAsync<Dictionary<string, string>>("() => Object.fromEntries(new FormData(document.getElementById('award')))");
        await page.ClickAsync("#award button");
        await page.WaitForSelectorAsync("#award-result");
        Assert.Contains("加分已记录", await page.InnerTextAsync("#award-result"), StringComparison.Ordinal);
        await PublishedWebStack.ScreenshotAsync(page, "team");

        // The same form sent again (a retry, a double click): the same key, so the first award is answered, not a second.
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields) form.Set(name, value);
        var again = await page.Context.APIRequest.PostAsync("/app/team/awards", new() { Form = form });
        Assert.Equal(200, again.Status);
        Assert.Contains("未重复加分", await again.TextAsync(), StringComparison.Ordinal);

        // One award with this form's note in the awards table: the retry added nothing.
        var awards = new TableServiceClient(stack.Stack.StorageConnectionString).GetTableClient(Serverless.Storage.Tables.Awards);
        var count = 0;
        await foreach (var entity in awards.QueryAsync<TableEntity>())
        {
            if (entity.Select(p => p.Value).Any(v => v is string s && s.Contains("班组活动", StringComparison.Ordinal))) count++;
        }
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task Month_close_shows_the_version_its_manifest_and_downloads_the_published_files()
    {
        var page = await stack.SignInAsync("hr-admin");
        await page.GotoAsync("/app/months?month=2026-10");
        Assert.Contains("v1", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        using (var manifest = JsonDocument.Parse(await page.InnerTextAsync("#manifest")))
        {
            Assert.Equal(1, manifest.RootElement.GetProperty("version").GetInt32());
        }
        var links = await page.Locator("#files a").AllInnerTextsAsync();
        Assert.Contains("ranking.csv", links);
        Assert.Contains("payroll.csv", links);
        await PublishedWebStack.ScreenshotAsync(page, "month-close");

        var download = await page.Context.APIRequest.GetAsync((await page.GetAttributeAsync("#files a:text-is('ranking.json')", "href"))!);
        Assert.Equal(200, download.Status);
        using var body = new MemoryStream(await download.BodyAsync());
        Assert.Equal(Ranking.Rows[0].AgentId, RankingJson.Read(body).Rows[0].AgentId);

        // Month close is HR's: a team lead is refused.
        var lead = await stack.SignInAsync("team-lead", team: Ranking.Rows[0].Team);
        Assert.Equal(403, (await lead.GotoAsync("/app/months?month=2026-10"))!.Status);
    }
}
