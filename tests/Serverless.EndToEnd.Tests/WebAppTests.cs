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
/// rejected for its bad rows; September's last two days published before it) and re-published as v2 after a late national honour, the first day of November scored
/// under a rules version that allows leader adjustments, and one headless Debian chromium driven by Playwright (never a
/// downloaded browser), shared by the web app's browser tests.
/// </summary>
public sealed class PublishedWebStack() : LocalStackFixture(OctoberClosingStack.ClosingMoment)
{
    public const string Chromium = "/usr/bin/chromium";
    public const string RejectedSource = "spoiled";
    public static readonly DateOnly RejectedDay = new(2026, 10, 2);

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The rules version the fixture adds from 1 November: the default preset with leader adjustments (no deductions).</summary>
    public const string NovemberRules = "2026.11-web";
    public static readonly DateOnly November = new(2026, 11, 1);
    public static readonly Serverless.Domain.Metrics.YearMonth September = new(2026, 9);

    /// <summary>October as published last (v2).</summary>
    public RankingDocument Ranking { get; private set; } = null!;

    /// <summary>October's v1, before the late honour.</summary>
    public RankingDocument PreviousRanking { get; private set; } = null!;

    /// <summary>Who was given the late national honour of 31 October (v2's reason).</summary>
    public string HonouredAgent { get; private set; } = null!;

    /// <summary>Every agent on the generated roster (who left included).</summary>
    public IReadOnlyList<string> AgentIds { get; private set; } = [];

    /// <summary>Agents with an award in November's generated awards file (month-to-date awards count provisionally).</summary>
    public IReadOnlySet<string> NovemberAwardees { get; private set; } = new HashSet<string>();

    public static string Screenshots => Path.Combine(AzuriteFixture.RepoRoot, "artifacts", "screenshots");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var month = OctoberClosingStack.October;
        var root = Directory.CreateTempSubdirectory("web-e2e").FullName;
        try
        {
            using var hr = Client(Stack.Options.FunctionKeys[0]);
            hr.DefaultRequestHeaders.Add("X-Points-Roles", "hr-admin");
            hr.DefaultRequestHeaders.Add("X-Points-Caller", "web-e2e author");
            // From 1 November (today at the stack's clock) the default rules with leader adjustments, which it leaves out.
            var rules = System.Text.Json.Nodes.JsonNode.Parse(Serverless.Domain.Scoring.RulePresets.ReadJson(Serverless.Domain.Scoring.RulePresets.PositiveIncentive))!.AsObject();
            rules["version"] = NovemberRules;
            rules["effectiveFrom"] = November.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            rules["adjustments"] = new System.Text.Json.Nodes.JsonObject { ["dimension"] = "other", ["allowDeductions"] = false };
            var added = await hr.PostAsync("/api/rules", new StringContent(rules.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
            // A posted version is a draft until a second hr-admin approves it.
            using var approver = Client(Stack.Options.FunctionKeys[0]);
            approver.DefaultRequestHeaders.Add("X-Points-Roles", "hr-admin");
            approver.DefaultRequestHeaders.Add("X-Points-Caller", "web-e2e approver");
            var approved = await approver.PostAsJsonAsync($"/api/rules/{NovemberRules}/approve", new { reason = "adjustments for the web test" });
            Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());

            // The last two days of September too, published before October, so a chart over months has two of them.
            var files = SampleGenerator.WriteTree(root, new SampleOptions { Agents = 40, StartDate = September.LastDay.AddDays(-1), Days = 7, Source = "web-e2e" });
            AgentIds = [.. File.ReadAllLines(Path.Combine(root, files[0])).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0])];
            // The same agents' first day of November (the running month at the stack's clock), without a second roster.
            var novemberRoot = Path.Combine(root, "november");
            var november = SampleGenerator.WriteTree(novemberRoot, new SampleOptions { Agents = 40, StartDate = November, Days = 1, Source = "web-e2e" })
                .Where(f => !f.StartsWith("roster/", StringComparison.Ordinal)).ToList();
            if (november.SingleOrDefault(f => f.StartsWith("awards/", StringComparison.Ordinal)) is { } awardsFile)
            {
                NovemberAwardees = File.ReadAllLines(Path.Combine(novemberRoot, awardsFile)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0]).ToHashSet(StringComparer.Ordinal);
            }
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
            foreach (var file in november)
            {
                await using var content = File.OpenRead(Path.Combine(novemberRoot, file));
                await exports.UploadBlobAsync(file, content);
            }
            // A second source's quality file for 2 October whose every tenth score is not a number: far over the 1 % of bad
            // rows a file may have, so it is rejected whole, and its report lists those rows.
            var quality = files.Single(f => f.StartsWith($"quality/{RejectedDay:yyyy-MM-dd}/", StringComparison.Ordinal));
            var lines = (await File.ReadAllTextAsync(Path.Combine(root, quality))).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var spoiled = lines.Skip(1).Select((line, i) => i % 10 != 0 ? line : string.Join(',', line.Split(',').Select((field, f) => f == 3 ? "abc" : field)));
            await exports.UploadBlobAsync($"quality/{RejectedDay:yyyy-MM-dd}/{RejectedSource}.csv", BinaryData.FromString(string.Join("\r\n", [lines[0], .. spoiled]) + "\r\n"));

            var imports = new TableServiceClient(Stack.StorageConnectionString).GetTableClient("Imports");
            await Eventually.UntilAsync(async () => await imports.RowCountAsync() >= files.Count + november.Count + 1, "an import row per dropped file", TimeSpan.FromMinutes(10));
            var queue = new QueueServiceClient(Stack.StorageConnectionString).GetQueueClient("score-requests");
            var quiet = 0;
            await Eventually.UntilAsync(async () =>
            {
                quiet = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0 ? quiet + 1 : 0;
                return quiet >= 20;
            }, "the score-requests queue to drain", TimeSpan.FromMinutes(10));

            // Two days of September and five of October: HR closes them in order knowing the other days' gaps (the timer
            // would wait for them).
            var closed = await hr.PostAsJsonAsync($"/api/months/{September}/publish", new { reason = "web app tests: two days of September", acceptGaps = true });
            Assert.True(closed.StatusCode == HttpStatusCode.Created, await closed.Content.ReadAsStringAsync());
            var run = await hr.PostAsJsonAsync($"/api/months/{month}/publish", new { reason = "web app tests: five days of October", acceptGaps = true });
            Assert.Equal(HttpStatusCode.Created, run.StatusCode);
            PreviousRanking = await ReadRankingAsync(month, 1);

            // A national honour of 31 October found late, for the last agent outside the tiers: v2 moves them up.
            HonouredAgent = PreviousRanking.Rows.Last(r => r.Tier is null).AgentId;
            using var award = new HttpRequestMessage(HttpMethod.Post, "/api/awards")
            {
                Content = JsonContent.Create(new { agentId = HonouredAgent, date = "2026-10-31", item = "honour", level = "national", note = "web e2e late honour" }),
            };
            award.Headers.Add("Idempotency-Key", "web-e2e-late-honour");
            var awarded = await hr.SendAsync(award);
            Assert.True(awarded.StatusCode == HttpStatusCode.Created, await awarded.Content.ReadAsStringAsync());
            var again = await hr.PostAsJsonAsync($"/api/months/{month}/publish", new { reason = "web app tests: a national honour of 31 October entered late" });
            Assert.True(again.StatusCode == HttpStatusCode.Created, await again.Content.ReadAsStringAsync());
            Ranking = await ReadRankingAsync(month, 2);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        Directory.CreateDirectory(Screenshots);
    }

    private async Task<RankingDocument> ReadRankingAsync(Serverless.Domain.Metrics.YearMonth month, int version)
    {
        var json = (await new BlobServiceClient(Stack.StorageConnectionString).GetBlobContainerClient("rankings").GetBlobClient($"{month}/v{version}/ranking.json").DownloadContentAsync()).Value.Content;
        using var stream = json.ToStream();
        return RankingJson.Read(stream);
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
        Assert.Contains("v2", await page.InnerTextAsync("#version"), StringComparison.Ordinal);
        if (Ranking.Rows.Any(r => r.Tier is not null) && Ranking.Rows.Any(r => r.Tier is null))
        {
            Assert.Equal("15% 奖励线", (await page.InnerTextAsync("tr.cut")).Trim());
        }
        await PublishedWebStack.ScreenshotAsync(page, "leaderboard");

        // v2's changes against v1, as the domain's diff (and diff.csv) has them: the honoured agent moved up.
        var diff = PublicationDiff.Compare(stack.PreviousRanking.Rows, Ranking.Rows);
        Assert.Equal(diff.ChangedCount.ToString(CultureInfo.InvariantCulture), (await page.InnerTextAsync("#diff-changed")).Trim());
        var shownChanges = page.Locator("#diff-changes tbody tr");
        Assert.Equal(Math.Min(diff.Changes.Count, 20), await shownChanges.CountAsync());
        Assert.Equal(diff.Changes[0].AgentId, await shownChanges.First.GetAttributeAsync("data-agent"));
        var honoured = diff.Changes.Single(c => c.AgentId == stack.HonouredAgent);
        Assert.True(honoured.RankAfter < honoured.RankBefore);
        if (diff.Changes.Take(20).Contains(honoured))
        {
            var line = page.Locator($"#diff-changes tr[data-agent='{stack.HonouredAgent}']");
            Assert.Equal($"{honoured.RankBefore} → {honoured.RankAfter}", (await line.Locator("td.rank-change").InnerTextAsync()).Trim());
            Assert.Equal(honoured.TierBefore is null && honoured.TierAfter is not null ? "进入奖励档" : "名次上升", (await line.Locator("td.what").InnerTextAsync()).Trim());
        }
        var diffCsv = await page.Context.APIRequest.GetAsync((await page.GetAttributeAsync("#diff-csv", "href"))!);
        Assert.Equal(200, diffCsv.Status);
        Assert.Equal(diff.Changes.Count + 1, (await diffCsv.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

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

        // Each dimension against its cap, and the next star, from the rules in force in October (as the API serves them).
        var rulesVersion = entries[0].GetProperty("rulesVersion").GetString();
        var rules = await api.GetFromJsonAsync<JsonElement>($"/api/rules/{rulesVersion}");
        foreach (var cap in rules.GetProperty("caps").EnumerateObject())
        {
            Assert.Equal(N(cap.Value.GetDecimal()), (await page.InnerTextAsync($"#dimensions tr[data-dimension={cap.Name}] td.cap")).Trim());
        }
        var october = points.GetProperty("months").EnumerateArray().Last();
        var workQuality = october.GetProperty("dimensions").GetProperty("workQuality").GetProperty("counted").GetDecimal();
        Assert.Equal(N(workQuality), (await page.InnerTextAsync("#dimensions tr[data-dimension=workQuality] td:nth-child(3)")).Trim());
        var cumulative = points.GetProperty("cumulative").GetDecimal();
        var stars = points.GetProperty("stars").GetInt32();
        var next = rules.GetProperty("stars").EnumerateArray()
            .Select(t => (Stars: t.GetProperty("stars").GetInt32(), Points: t.GetProperty("cumulativePoints").GetDecimal()))
            .Where(t => t.Stars > stars && t.Points > cumulative).OrderBy(t => t.Stars).First();
        Assert.Equal(N(next.Points - cumulative), await page.GetAttributeAsync("#next-star", "data-points"));
        Assert.Contains($"还差 {N(next.Points - cumulative)} 分升至 {new string('★', next.Stars)}", await page.InnerTextAsync("#next-star"), StringComparison.Ordinal);
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

        // Each department's median over time: October's point is the median of its agents' monthly mean E in ranking.json.
        await page.WaitForSelectorAsync("#medians canvas");
        var months = await page.EvaluateAsync<string[]>("() => echarts.getInstanceByDom(document.getElementById('medians')).getOption().xAxis[0].data");
        Assert.Equal(["2026-09", "2026-10"], months);
        var lines = await page.EvaluateAsync<JsonElement>("() => echarts.getInstanceByDom(document.getElementById('medians')).getOption().series.map(s => ({ name: s.name, last: s.data[s.data.length - 1] }))");
        Assert.Equal(groups.Select(g => g.Key), lines.EnumerateArray().Select(l => l.GetProperty("name").GetString()));
        foreach (var line in lines.EnumerateArray())
        {
            var values = groups.Single(g => g.Key == line.GetProperty("name").GetString()).Select(r => r.MeanEfficiency!.Value).Order().ToList();
            var median = values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
            Assert.Equal(median, line.GetProperty("last").GetDouble(), 3);
        }

        // One day: a box per department of that day's E, as each agent's ledger entries (the points API) show it.
        var day = PublishedWebStack.RejectedDay;
        using var api = stack.HrApi();
        var dayE = new List<(string Department, double E)>();
        foreach (var agent in stack.AgentIds)
        {
            var statement = await api.GetFromJsonAsync<JsonElement>($"/api/agents/{agent}/points?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}");
            foreach (var entry in statement.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("period").GetString() == $"{day:yyyy-MM-dd}"))
            {
                var e = System.Text.RegularExpressions.Regex.Match(entry.GetProperty("inputs").GetString()!, @"(?:^| )E=([0-9.]+)");
                if (e.Success) dayE.Add((entry.GetProperty("department").GetString()!, double.Parse(e.Groups[1].Value, CultureInfo.InvariantCulture)));
            }
        }
        Assert.NotEmpty(dayE);
        await page.GotoAsync($"/app/efficiency?day={day:yyyy-MM-dd}");
        await page.WaitForSelectorAsync("#spread canvas");
        var dayBoxes = await page.EvaluateAsync<double[][]>("() => echarts.getInstanceByDom(document.getElementById('spread')).getOption().series[0].data");
        var dayGroups = dayE.GroupBy(x => x.Department).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(dayGroups.Count, dayBoxes.Length);
        for (var i = 0; i < dayGroups.Count; i++)
        {
            // The ledger's inputs carry E to one decimal; the chart has the measure itself.
            Assert.InRange(dayBoxes[i][0], dayGroups[i].Min(x => x.E) - 0.051, dayGroups[i].Min(x => x.E) + 0.051);
            Assert.InRange(dayBoxes[i][4], dayGroups[i].Max(x => x.E) - 0.051, dayGroups[i].Max(x => x.E) + 0.051);
        }
        Assert.Equal(dayGroups.Select(g => g.Count().ToString(CultureInfo.InvariantCulture)), await page.Locator("#spread-table tbody td:nth-child(2)").AllInnerTextsAsync());
        await PublishedWebStack.ScreenshotAsync(page, "efficiency-day");
    }

    [Fact]
    public async Task The_running_month_is_ranked_provisionally_from_its_month_to_date_ledger_and_pays_nothing()
    {
        var page = await stack.SignInAsync("hr-reader");
        await page.GotoAsync("/app/leaderboard");
        await page.ClickAsync("#running-month");
        await page.WaitForSelectorAsync("#provisional");
        Assert.Contains("month=2026-11", page.Url, StringComparison.Ordinal);
        Assert.Contains("暂定", await page.InnerTextAsync("h1"), StringComparison.Ordinal);
        Assert.Contains("不发放奖金", await page.InnerTextAsync("#provisional"), StringComparison.Ordinal);
        await PublishedWebStack.ScreenshotAsync(page, "leaderboard-provisional");

        var rows = page.Locator("#ranking tbody tr:not(.cut)");
        var count = await rows.CountAsync();
        Assert.True(count > 0);
        Assert.All(await page.Locator("#ranking tbody tr:not(.cut) td:nth-child(12)").AllInnerTextsAsync(), bonus => Assert.Equal("", bonus.Trim()));
        var ranks = (await page.Locator("#ranking tbody tr:not(.cut) td:nth-child(1)").AllInnerTextsAsync()).Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ranks.Order(), ranks);

        // Month points are the month-to-date ledger's (each agent's November total in the points API), for every agent
        // with no award or adjustment entered for November (those count too, as they will at the close).
        using var api = stack.HrApi();
        var teamWithEntries = Ranking.Rows[0].Team;
        var compared = 0;
        for (var i = 0; i < count; i++)
        {
            var agent = (await rows.Nth(i).GetAttributeAsync("data-agent"))!;
            if (stack.NovemberAwardees.Contains(agent) || Ranking.Rows.FirstOrDefault(r => r.AgentId == agent)?.Team == teamWithEntries) continue;
            var points = await api.GetFromJsonAsync<JsonElement>($"/api/agents/{agent}/points?from=2026-11-01&to=2026-11-30");
            var month = points.GetProperty("months").EnumerateArray().Single();
            Assert.False(month.GetProperty("closed").GetBoolean());
            Assert.Equal(N(month.GetProperty("points").GetDecimal()), (await rows.Nth(i).Locator("td.points").InnerTextAsync()).Trim());
            compared++;
        }
        Assert.True(compared >= 5, $"only {compared} agents compared");
    }

    [Fact]
    public async Task A_team_lead_adjusts_through_the_form_and_sending_the_same_form_again_does_not_adjust_twice()
    {
        var team = Ranking.Rows[0].Team;
        var agent = Ranking.Rows.Last(r => r.Team == team).AgentId;
        var page = await stack.SignInAsync("team-lead", team: team);
        await page.GotoAsync("/app/team");
        // Only the team's agents are offered (the page reads the team from the roster, not the whole roster).
        var offered = await page.Locator("#adjustment select[name=agentId] option").EvaluateAllAsync<string[]>("els => els.map(e => e.value)");
        Assert.Equal(Ranking.Rows.Where(r => r.Team == team).Select(r => r.AgentId).Order(StringComparer.Ordinal), offered);
        await page.SelectOptionAsync("#adjustment select[name=agentId]", agent);
        await page.FillAsync("#adjustment input[name=points]", "2.5");
        await page.FillAsync("#adjustment input[name=reason]", "协助处理突发停电话务");
        var fields = await page.EvaluateAsync<Dictionary<string, string>>("() => Object.fromEntries(new FormData(document.getElementById('adjustment')))");
        await page.ClickAsync("#adjustment button");
        await page.WaitForSelectorAsync("#adjustment-result");
        Assert.Contains("调整已记录", await page.InnerTextAsync("#adjustment-result"), StringComparison.Ordinal);
        await PublishedWebStack.ScreenshotAsync(page, "team-adjustment");

        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields) form.Set(name, value);
        var again = await page.Context.APIRequest.PostAsync("/app/team/adjustments", new() { Form = form });
        Assert.Equal(200, again.Status);
        Assert.Contains("未重复调整", await again.TextAsync(), StringComparison.Ordinal);

        using var api = stack.HrApi();
        var listed = await api.GetFromJsonAsync<JsonElement>("/api/adjustments?month=2026-11");
        var mine = listed.GetProperty("adjustments").EnumerateArray().Where(a => a.GetProperty("reason").GetString() == "协助处理突发停电话务").ToList();
        Assert.Single(mine);
        Assert.Equal(agent, mine[0].GetProperty("agentId").GetString());
        Assert.Equal(2.5m, mine[0].GetProperty("points").GetDecimal());
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
            Assert.Equal(Ranking.Version, manifest.RootElement.GetProperty("version").GetInt32());
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
