using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Memory;
using Serverless.Application.Ports;
using Serverless.Application.UseCases;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;
using Serverless.Functions.Api;
using static Serverless.Functions.Web.WebPage;

namespace Serverless.Functions.Web;

/// <summary>
/// The web app (function <c>WebApp</c>, route <c>app/{*path}</c>, anonymous at the host because Easy Auth fronts it):
/// server-rendered pages that read through the same ports and steps as the HR API, never through HTTP calls to it.
/// Who the caller is comes from <see cref="TrustedHeadersAuthentication"/> (Easy Auth's principal, or locally the
/// development sign-in); each page decides what the caller's role may see. The browser never holds a function key.
/// </summary>
public static class WebApp
{
    public const int PageSize = 50;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IServiceCollection AddWebApp(this IServiceCollection services)
    {
        services.AddSingleton<DevelopmentSignIn>();
        // Department medians per published version; expiry on the app's clock, not the machine's.
        services.AddMemoryCache();
        services.AddOptions<MemoryCacheOptions>().Configure<TimeProvider>((o, clock) => o.Clock = new TimeProviderCacheClock(clock));
        services.AddAntiforgery(o => { o.Cookie.Name = "points-antiforgery"; o.Cookie.Path = "/app"; o.FormFieldName = "__token"; });
        return services;
    }

    public static IEndpointRouteBuilder MapWebApp(this IEndpointRouteBuilder routes)
    {
        var app = routes.MapGroup("/app").ExcludeFromDescription();
        app.MapGet("", Home);
        app.MapGet("/signin", SignInPage);
        app.MapPost("/signin", SignInAsync);
        app.MapGet("/signout", SignOut);
        app.MapGet("/assets/echarts.min.js", () => Results.File(Path.Combine(AppContext.BaseDirectory, "web", "echarts.min.js"), "text/javascript; charset=utf-8"));
        app.MapGet("/assets/app.js", () => Results.Text(Script, "text/javascript; charset=utf-8"));
        app.MapGet("/leaderboard", LeaderboardAsync);
        app.MapGet("/efficiency", EfficiencyAsync);
        app.MapGet("/agents/{agentId}", AgentAsync);
        app.MapGet("/team", TeamAsync);
        app.MapPost("/team/awards", AwardAsync);
        app.MapPost("/team/adjustments", AdjustmentAsync);
        app.MapGet("/imports", ImportsAsync);
        app.MapGet("/imports/{date}/{importId}", ImportReportAsync);
        app.MapGet("/imports/{date}/{importId}/errors.csv", ImportErrorsAsync);
        app.MapGet("/months", MonthCloseAsync);
        app.MapGet("/months/{month}/files/{file}", MonthFileAsync);
        return routes;
    }

    private static bool IsHr(ClaimsPrincipal u) => u.IsInRole(ApiRoles.HrAdmin) || u.IsInRole(ApiRoles.HrReader);

    private static bool SeesRankings(ClaimsPrincipal u) => IsHr(u) || u.IsInRole(ApiRoles.TeamLead);

    private static IResult Home(HttpContext context, DevelopmentSignIn dev)
    {
        var u = context.User;
        if (u.Identity?.IsAuthenticated != true) return Results.Redirect(dev.Enabled ? "/app/signin" : "/.auth/login/aad?post_login_redirect_uri=/app");
        if (SeesRankings(u)) return Results.Redirect(u.IsInRole(ApiRoles.TeamLead) && !IsHr(u) ? "/app/team" : "/app/leaderboard");
        return u.FindFirst(ApiRoles.AgentClaim)?.Value is { } me ? Results.Redirect($"/app/agents/{Uri.EscapeDataString(me)}") : Refused(context);
    }

    /// <summary>Not signed in: locally the development sign-in, in Azure Easy Auth's login; signed in without the role: 403.</summary>
    private static IResult Refused(HttpContext context)
    {
        var page = For(context);
        if (context.User.Identity?.IsAuthenticated != true)
        {
            var dev = context.RequestServices.GetRequiredService<DevelopmentSignIn>();
            var href = dev.Enabled ? "/app/signin" : "/.auth/login/aad?post_login_redirect_uri=/app";
            return page.Add($"<p class=\"note\">{page.T("signInFirst")} <a href=\"{href}\">{page.T("signIn")}</a></p>").Render(context, page.T("signIn"), StatusCodes.Status401Unauthorized);
        }
        return page.Add($"<p class=\"bad\">{page.T("forbidden")}</p>").Render(context, "403", StatusCodes.Status403Forbidden);
    }

    private static IResult SignInPage(HttpContext context, DevelopmentSignIn dev, IAntiforgery antiforgery)
    {
        if (!dev.Enabled) return Results.Redirect("/.auth/login/aad?post_login_redirect_uri=/app");
        var page = For(context);
        var token = antiforgery.GetAndStoreTokens(context).RequestToken;
        var roles = string.Concat(ApiRoles.All.Select(r => $"<option>{r}</option>"));
        page.Add($"""
            <p class="note">{page.T("devSignIn")}</p>
            <form class="card" method="post" action="/app/signin">
            <input type="hidden" name="__token" value="{E(token)}">
            <label>{page.T("role")}<select name="role">{roles}</select></label>
            <label>{page.T("name")}<input name="name" value="dev"></label>
            <label>{page.T("agentId")}<input name="agentId"></label>
            <label>{page.T("team")}<input name="team"></label>
            <button type="submit">{page.T("signIn")}</button>
            </form>
            """);
        return page.Render(context, page.T("signIn"));
    }

    private static async Task<IResult> SignInAsync(HttpContext context, DevelopmentSignIn dev, IAntiforgery antiforgery)
    {
        if (!dev.Enabled) return Results.NotFound();
        if (!await antiforgery.IsRequestValidAsync(context)) return Results.BadRequest();
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var role = form["role"].ToString();
        if (!ApiRoles.All.Contains(role)) return Results.BadRequest();
        context.Response.Cookies.Append(DevelopmentSignIn.CookieName, dev.Encode(role, form["name"], form["agentId"], form["team"]),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });
        return Results.Redirect("/app");
    }

    private static IResult SignOut(HttpContext context, DevelopmentSignIn dev)
    {
        if (!dev.Enabled) return Results.Redirect("/.auth/logout?post_logout_redirect_uri=/app");
        context.Response.Cookies.Delete(DevelopmentSignIn.CookieName, new CookieOptions { Path = "/" });
        return Results.Redirect("/app/signin");
    }

    /// <summary>The month asked for, else the latest published one.</summary>
    private static async Task<YearMonth?> MonthAsync(string? month, IPublishedMonths published, CancellationToken ct) =>
        ApiInput.TryMonth(month, out var parsed) ? parsed : await published.GetLatestMonthAsync(ct);

    private static async Task<IResult> LeaderboardAsync(
        HttpContext context, string? month, string? department, string? specialty, string? team, int? page, int? version,
        IPublishedMonths published, ProvisionalRanking provisionalRanking, TimeProvider clock, CancellationToken ct)
    {
        if (!SeesRankings(context.User)) return Refused(context);
        var p = For(context);
        var running = YearMonth.Of(new BusinessCalendar(clock).Today);
        var chosen = await MonthAsync(month, published, ct) ?? running;
        var (doc, _) = await MonthsApi.ReadRankingAsync(published, chosen, version, ct);
        // A month not published yet (the running one, or an ended one before its close) is ranked as a close would rank
        // it now, from its month-to-date scored days: provisional (暂定), paying nothing, never a published file.
        var provisional = false;
        if (doc is null && version is null && chosen.CompareTo(running) <= 0)
        {
            // Computed from every agent's month (seconds at 20,000 agents), so read as the RefreshProvisional timer stored
            // it (one blob, every few minutes); computed here, and stored, only when none is stored yet.
            doc = await provisionalRanking.GetAsync(chosen, ct);
            provisional = doc is not null;
        }
        var links = $"<p class=\"months\">{(chosen == running ? "" : $"<a id=\"running-month\" href=\"?month={running}\">{p.T("runningMonth")} {running}</a>")}</p>";
        if (doc is null) return p.Add(links).Add($"<p class=\"note\">{p.T("notPublished")}</p>").Render(context, p.T("leaderboard"));
        IEnumerable<MonthRankingRow> rows = doc.Rows;
        if (!string.IsNullOrEmpty(department)) rows = rows.Where(r => r.Department == department);
        if (!string.IsNullOrEmpty(specialty)) rows = rows.Where(r => r.Specialty == specialty);
        if (!string.IsNullOrEmpty(team)) rows = rows.Where(r => r.Team == team);
        var list = rows.ToList();
        var number = Math.Clamp(page ?? 1, 1, Math.Max(1, (list.Count + PageSize - 1) / PageSize));
        var shown = list.Skip((number - 1) * PageSize).Take(PageSize).ToList();

        p.Add(links);
        if (provisional)
        {
            p.Add($"<p class=\"note\" id=\"provisional\"><b>{p.T("provisionalTitle")}</b> {p.T("provisionalNote")}</p>");
            p.Add($"<div class=\"tiles\"><div class=\"tile\">{p.T("eligible")}<b>{doc.Summary.EligibleCount}</b></div></div>");
            p.Add($"<p id=\"as-of\">{p.T("month")} {E(doc.Month)} · {p.T("provisionalTitle")} · {p.T("asOf")} {AsOf(doc.GeneratedAt, clock)} · {p.T("rulesVersion")} {E(doc.RulesVersion)}</p>");
        }
        else
        {
            p.Add(Tiles(p, doc));
            p.Add($"<p id=\"version\">{p.T("month")} {E(doc.Month)} · {p.T("version")} v{doc.Version} · {p.T("rulesVersion")} {E(doc.RulesVersion)}{(doc.Reason is null ? "" : " · " + E(doc.Reason))}</p>");
            if (doc.Version > 1 && (await MonthsApi.ReadRankingAsync(published, chosen, doc.Version - 1, ct)).Document is { } before)
            {
                p.Add(DiffSection(p, doc, doc.Version - 1, PublicationDiff.Compare(before.Rows, doc.Rows), IsHr(context.User)));
            }
        }
        p.Add($"<form class=\"filters\" method=\"get\"><input type=\"hidden\" name=\"month\" value=\"{E(doc.Month)}\">")
            .Add(Select(p, "department", p.T("department"), doc.Rows.Select(r => r.Department), department))
            .Add(Select(p, "specialty", p.T("specialty"), doc.Rows.Select(r => r.Specialty), specialty))
            .Add(Select(p, "team", p.T("team"), doc.Rows.Select(r => r.Team), team))
            .Add($"<button type=\"submit\">{p.T("filter")}</button></form>");
        p.Add(RankingTable(p, shown, doc.Rows.Count(r => r.Tier is not null), provisional));
        var query = $"month={doc.Month}&department={Uri.EscapeDataString(department ?? "")}&specialty={Uri.EscapeDataString(specialty ?? "")}&team={Uri.EscapeDataString(team ?? "")}";
        p.Add($"<p class=\"pager\">{list.Count} · {number}/{Math.Max(1, (list.Count + PageSize - 1) / PageSize)} {p.T("page")} ");
        if (number > 1) p.Add($"<a rel=\"prev\" href=\"?{E(query)}&page={number - 1}\">{p.T("previous")}</a>");
        if (number * PageSize < list.Count) p.Add($"<a rel=\"next\" href=\"?{E(query)}&page={number + 1}\">{p.T("next")}</a>");
        p.Add("</p>");
        return p.Render(context, provisional ? p.T("leaderboard") + " · " + p.T("provisionalTitle") : p.T("leaderboard"));
    }

    /// <summary>
    /// What changed since the previous version (the domain's <see cref="PublicationDiff"/>, as <c>diff.csv</c> has it):
    /// the counts, the change in total bonus, and the first changes with who entered or left a bonus tier.
    /// </summary>
    private static string DiffSection(WebPage p, RankingDocument doc, int previous, PublicationDiff diff, bool linkFile)
    {
        const int Shown = 20;
        var sb = new StringBuilder($"<section id=\"version-diff\"><h2>{p.T("diffTo")} v{previous}</h2><p>");
        sb.Append($"{p.T("changed")} <b id=\"diff-changed\">{diff.ChangedCount}</b> · {p.T("added")} <b>{diff.AddedCount}</b> · {p.T("removed")} <b>{diff.RemovedCount}</b> · {p.T("amountDelta")} <b>{(diff.AmountDelta > 0 ? "+" : "")}{N(diff.AmountDelta)}</b>");
        if (linkFile) sb.Append($" · <a id=\"diff-csv\" href=\"/app/months/{doc.Month}/files/diff.csv?version={doc.Version}\">diff.csv</a>");
        sb.Append("</p>");
        if (diff.Changes.Count > 0)
        {
            sb.Append($"<div class=\"scroll\"><table id=\"diff-changes\"><thead><tr><th>{p.T("name")}</th><th>{p.T("department")}</th><th class=\"num\">{p.T("rank")}</th><th class=\"num\">{p.T("monthPoints")}</th><th>{p.T("tier")}</th><th>{p.T("change")}</th></tr></thead><tbody>");
            foreach (var c in diff.Changes.Take(Shown))
            {
                var what = c.Kind switch
                {
                    AgentChangeKind.Added => p.T("change.added"),
                    AgentChangeKind.Removed => p.T("change.removed"),
                    _ when c.TierBefore is null && c.TierAfter is not null => p.T("change.enteredTier"),
                    _ when c.TierBefore is not null && c.TierAfter is null => p.T("change.leftTier"),
                    _ when c.TierBefore != c.TierAfter => p.T("change.tier"),
                    _ when c.RankAfter < c.RankBefore => p.T("change.up"),
                    _ when c.RankAfter > c.RankBefore => p.T("change.down"),
                    _ => p.T("change.points"),
                };
                sb.Append($"<tr data-agent=\"{E(c.AgentId)}\"><td>{E(c.Name)}</td><td>{E(c.Department)}</td><td class=\"num rank-change\">{c.RankBefore?.ToString(CultureInfo.InvariantCulture) ?? "–"} → {c.RankAfter?.ToString(CultureInfo.InvariantCulture) ?? "–"}</td>")
                  .Append($"<td class=\"num\">{(c.PointsBefore is { } pb ? N(pb) : "–")} → {(c.PointsAfter is { } pa ? N(pa) : "–")}</td><td>{E(c.TierBefore ?? "–")} → {E(c.TierAfter ?? "–")}</td><td class=\"what\">{what}</td></tr>");
            }
            sb.Append("</tbody></table></div>");
            if (diff.Changes.Count > Shown) sb.Append($"<p>… {diff.Changes.Count - Shown} {p.T("moreInDiff")}</p>");
        }
        return sb.Append("</section>").ToString();
    }

    private static string Tiles(WebPage p, RankingDocument doc) =>
        $"<div class=\"tiles\"><div class=\"tile\">{p.T("eligible")}<b>{doc.Summary.EligibleCount}</b></div><div class=\"tile\">{p.T("paidCount")}<b>{doc.Summary.PaidCount}</b></div><div class=\"tile\">{p.T("totalBonus")}<b>{N(doc.Summary.TotalAmount)}</b></div></div>";

    private static string Select(WebPage p, string name, string label, IEnumerable<string> values, string? chosen)
    {
        var options = string.Concat(values.Distinct().Order(StringComparer.Ordinal).Select(v => $"<option{(v == chosen ? " selected" : "")}>{E(v)}</option>"));
        return $"<label>{label}<select name=\"{name}\"><option value=\"\">{p.T("all")}</option>{options}</select></label>";
    }

    /// <summary>The ranking rows; the 15 % line is drawn under the last paid row (paid rows are the top ranks).</summary>
    private static string RankingTable(WebPage p, IReadOnlyList<MonthRankingRow> rows, int paidInMonth, bool provisional = false)
    {
        var sb = new StringBuilder("<div class=\"scroll\"><table id=\"ranking\"><thead><tr>");
        foreach (var h in new[] { "rank", "name", "department", "specialty", "team", "monthPoints", "workQuality", "meanEfficiency", "cumulative", "stars", "tier", "bonus" })
        {
            sb.Append($"<th class=\"{(h is "rank" or "monthPoints" or "workQuality" or "meanEfficiency" or "cumulative" or "stars" or "bonus" ? "num" : "")}\">{p.T(h)}</th>");
        }
        sb.Append("</tr></thead><tbody>");
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            sb.Append($"<tr class=\"{(r.Tier is null ? "" : "paid")}\" data-agent=\"{E(r.AgentId)}\"><td class=\"num\">{r.Rank}</td><td><a href=\"/app/agents/{Uri.EscapeDataString(r.AgentId)}\">{E(r.Name)}</a></td><td>{E(r.Department)}</td><td>{E(r.Specialty)}</td><td>{E(r.Team)}</td>")
              .Append($"<td class=\"num points\">{N(r.MonthPoints)}</td><td class=\"num\">{N(r.WorkQualityPoints)}</td><td class=\"num\">{r.MeanEfficiency?.ToString("0.000", CultureInfo.InvariantCulture)}</td><td class=\"num\">{N(r.CumulativeAfter)}</td><td class=\"num\">{new string('★', r.Stars)}</td><td>{E(r.Tier)}</td><td class=\"num\">{(r.Amount == 0 || provisional ? "" : N(r.Amount))}</td></tr>");
            var next = i + 1 < rows.Count ? rows[i + 1] : null;
            if (paidInMonth > 0 && r.Tier is not null && (next is null ? false : next.Tier is null)) sb.Append($"<tr class=\"cut\"><td colspan=\"12\"><span>{p.T(provisional ? "paidLineProvisional" : "paidLine")}</span></td></tr>");
        }
        return sb.Append("</tbody></table></div>").ToString();
    }

    private static async Task<IResult> AgentAsync(
        HttpContext context, string agentId, string? month, IRosterStore roster, IRulesStore rules, ILedger ledger, IAgentMonthStore months,
        IPublishedMonths published, TimeProvider clock, CancellationToken ct)
    {
        var u = context.User;
        if (u.Identity?.IsAuthenticated != true) return Refused(context);
        var p = For(context);
        if (!ApiInput.IsValidId(agentId)) return p.Add($"<p class=\"bad\">{p.T("notFound")}</p>").Render(context, "404", 404);
        var known = await roster.GetAsync([agentId], ct);
        var mine = u.FindFirst(ApiRoles.AgentClaim)?.Value == agentId && u.IsInRole(ApiRoles.Agent);
        var teamLeadOfAgent = u.IsInRole(ApiRoles.TeamLead) && known.TryGetValue(agentId, out var rec) && rec.Team == u.FindFirst(ApiRoles.TeamClaim)?.Value;
        if (!(IsHr(u) || mine || teamLeadOfAgent)) return Refused(context);
        if (!known.TryGetValue(agentId, out var agent)) return p.Add($"<p class=\"bad\">{p.T("notFound")}</p>").Render(context, "404", 404);

        var chosen = ApiInput.TryMonth(month, out var m) ? m : await published.GetLatestMonthAsync(ct) ?? YearMonth.Of(new BusinessCalendar(clock).Today);
        var statement = await PointsApi.StatementAsync(agentId, chosen.FirstDay, chosen.LastDay, rules, ledger, months, ct);
        var total = statement.Months.LastOrDefault();
        p.Add($"<p>{E(agent.Name)} · {E(agentId)} · {E(agent.Department)} · {E(agent.Specialty)} · {E(agent.Team)}</p>");
        p.Add($"<div class=\"tiles\"><div class=\"tile\">{p.T("month")} {chosen}{(total?.Closed == false ? p.T("provisional") : "")}<b id=\"month-points\">{N(total?.Points ?? 0)}</b></div><div class=\"tile\">{p.T("cumulative")}<b id=\"cumulative\">{N(statement.Cumulative)}</b></div><div class=\"tile\">{p.T("stars")}<b>{(statement.Stars == 0 ? "0" : new string('★', statement.Stars))}</b></div></div>");
        p.Add($"<form class=\"filters\" method=\"get\"><label>{p.T("month")}<input type=\"month\" name=\"month\" value=\"{chosen}\"></label><button type=\"submit\">{p.T("filter")}</button></form>");
        // Each dimension against its cap in the rules that close the month (the rules' own numbers, never the page's),
        // and how far the next star is.
        var book = await rules.GetBookAsync(ct);
        var inForce = book.InForceOn(chosen.LastDay) ?? book.Versions[0];
        var caps = inForce.Caps.ToDictionary(c => JsonName(c.Key), c => c.Value, StringComparer.Ordinal);
        var dimensions = (total?.Dimensions.Keys ?? []).Union(caps.Keys, StringComparer.Ordinal).ToList();
        p.Add($"<div class=\"scroll\"><table id=\"dimensions\"><thead><tr><th>{p.T("dimension")}</th><th class=\"num\">{p.T("earned")}</th><th class=\"num\">{p.T("counted")}</th><th class=\"num\">{p.T("cap")}</th><th></th></tr></thead><tbody>");
        foreach (var name in dimensions)
        {
            var d = total?.Dimensions.GetValueOrDefault(name);
            var counted = d?.Counted ?? 0m;
            string capCell, bar = "";
            if (caps.TryGetValue(name, out var cap))
            {
                capCell = N(cap);
                var share = cap <= 0 ? 100 : (int)Math.Clamp(Math.Round(counted / cap * 100), 0, 100);
                bar = $"<span class=\"bar\"><span style=\"width:{share}%\"></span></span> {share}%";
            }
            else if (name == JsonName(Serverless.Domain.Scoring.Dimension.TeamBuilding) && inForce.TeamBuilding?.HalfCap is { } half)
            {
                capCell = $"{p.T("halfCap")} {N(half.Cap)}";
            }
            else
            {
                capCell = p.T("noCap");
            }
            p.Add($"<tr data-dimension=\"{E(name)}\"><td>{E(p.T(name))}</td><td class=\"num\">{N(d?.Earned ?? 0m)}</td><td class=\"num\">{N(counted)}</td><td class=\"num cap\">{capCell}</td><td>{bar}</td></tr>");
        }
        p.Add($"</tbody></table></div><p class=\"note\">{p.T("rulesVersion")} {E(inForce.Version)}</p>");
        var next = inForce.Stars.Where(t => t.Stars > statement.Stars && t.CumulativePoints > statement.Cumulative).OrderBy(t => t.Stars).FirstOrDefault();
        p.Add(next is null
            ? $"<p id=\"next-star\">{p.T("nextStar")}: {p.T("topStar")}</p>"
            : $"<p id=\"next-star\" data-points=\"{N(next.CumulativePoints - statement.Cumulative)}\" data-stars=\"{next.Stars}\">{p.T("nextStar")}: {string.Format(CultureInfo.InvariantCulture, p.T("pointsTo"), N(next.CumulativePoints - statement.Cumulative), new string('★', next.Stars))}</p>");
        // The growth curve: every month from the first scored one to the chosen month.
        var growth = await PointsApi.StatementAsync(agentId, YearMonth.Of(book.Versions[0].EffectiveFrom).FirstDay is var epoch && epoch < chosen.FirstDay ? epoch : chosen.FirstDay, chosen.LastDay, rules, ledger, months, ct);
        var points = JsonSerializer.Serialize(growth.Growth.Select(g => new { month = g.Month, cumulative = g.Cumulative, stars = g.Stars }), Json);
        p.Add($"<h2>{p.T("growth")}</h2><div id=\"growth\" class=\"chart\" data-chart=\"line\" data-label=\"{p.T("cumulative")}\" data-points=\"{E(points)}\"></div>");
        p.Add($"<h2>{p.T("entries")}</h2><div class=\"scroll\"><table id=\"entries\"><thead><tr><th>{p.T("period")}</th><th>{p.T("rule")}</th><th>{p.T("dimension")}</th><th class=\"num\">{p.T("points")}</th><th>{p.T("inputs")}</th><th>{p.T("reason")}</th><th>{p.T("rulesVersion")}</th><th>{p.T("import")}</th></tr></thead><tbody>");
        foreach (var e in statement.Entries)
        {
            var imports = string.Join(" ", e.ImportIds.Select(i => $"<code>{E(i.Length > 12 ? i[..12] + "…" : i)}</code>"));
            p.Add($"<tr><td>{E(e.Period)}</td><td>{E(e.Rule)}</td><td>{E(p.T(e.Dimension))}</td><td class=\"num\">{N(e.Points)}</td><td>{E(e.Inputs)}</td><td>{E(e.Reason)}</td><td>{E(e.RulesVersion)}</td><td>{imports}</td></tr>");
        }
        p.Add("</tbody></table></div>");
        return p.Render(context, p.T("myPoints") + " · " + agent.Name);
    }

    private static async Task<IResult> EfficiencyAsync(
        HttpContext context, string? month, string? by, string? day, IPublishedMonths published, IMetricsStore metrics, IAgentMonthStore agentMonths,
        IRulesStore rules, DayNorms norms, IMemoryCache cache, CancellationToken ct)
    {
        if (!SeesRankings(context.User)) return Refused(context);
        var p = For(context);
        var bySpecialty = by == "specialty";
        var oneDay = ApiInput.TryDate(day, out var date) ? date : (DateOnly?)null;
        var chosen = oneDay is { } d0 ? YearMonth.Of(d0) : await MonthAsync(month, published, ct);
        if (chosen is null) return p.Add($"<p class=\"note\">{p.T("notPublished")}</p>").Render(context, p.T("efficiency"));

        List<SpreadGroup> groups;
        string label;
        if (oneDay is { } d)
        {
            // One day: the spread of each scored agent-day's E (the efficiency rules' measure), grouped by the department
            // and specialty the day was scored under, as the day's norms refresh stored it (one row). A day whose norms
            // were computed before spreads were kept is read from every agent's day instead (seconds at 20,000 agents).
            var stored = await norms.GetSpreadAsync(d, ct);
            if (stored is not null)
            {
                groups = [.. (bySpecialty ? stored.BySpecialty : stored.ByDepartment).Select(b => new SpreadGroup(b.Group, b.Count, b.Box()))];
            }
            else
            {
                var efficiencyRules = (await rules.GetBookAsync(ct)).InForceOn(d)?.Daily.OfType<Serverless.Domain.Scoring.EfficiencyRule>().Select(r => r.RuleName).ToHashSet(StringComparer.Ordinal) ?? [];
                var days = await agentMonths.GetDaysOnlyAsync(d, await metrics.GetAgentIdsAsync(d, ct), ct);
                groups = Spread(days.Values
                    .Select(s => (s.Department, s.Specialty, E: s.Entries.FirstOrDefault(e => efficiencyRules.Contains(e.Rule) && e.Measure is not null)?.Measure))
                    .Where(x => x.E is not null)
                    .Select(x => (bySpecialty ? x.Specialty : x.Department, x.E!.Value)));
            }
            label = p.T("dayBox") + " " + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            p.Add($"<p>{p.T("day")} {d:yyyy-MM-dd} · <a href=\"?day={d:yyyy-MM-dd}&by=department\">{p.T("byDepartment")}</a> · <a href=\"?day={d:yyyy-MM-dd}&by=specialty\">{p.T("bySpecialty")}</a> · <a href=\"?month={chosen}&by={(bySpecialty ? "specialty" : "department")}\">{p.T("wholeMonth")}</a></p>");
        }
        else
        {
            var (doc, _) = await MonthsApi.ReadRankingAsync(published, chosen.Value, null, ct);
            if (doc is null) return p.Add($"<p class=\"note\">{p.T("notPublished")}</p>").Render(context, p.T("efficiency"));
            groups = Spread(doc.Rows.Where(r => r.MeanEfficiency is not null).Select(r => (bySpecialty ? r.Specialty : r.Department, r.MeanEfficiency!.Value)));
            label = p.T("boxTitle");
            p.Add($"<p>{p.T("month")} {E(doc.Month)} · v{doc.Version} · <a href=\"?month={doc.Month}&by=department\">{p.T("byDepartment")}</a> · <a href=\"?month={doc.Month}&by=specialty\">{p.T("bySpecialty")}</a></p>");
        }
        p.Add($"<form class=\"filters\" method=\"get\"><label>{p.T("oneDay")}<input type=\"date\" name=\"day\" value=\"{(oneDay ?? chosen.Value.FirstDay):yyyy-MM-dd}\" min=\"{chosen.Value.FirstDay:yyyy-MM-dd}\" max=\"{chosen.Value.LastDay:yyyy-MM-dd}\"></label><input type=\"hidden\" name=\"by\" value=\"{(bySpecialty ? "specialty" : "department")}\"><button type=\"submit\">{p.T("filter")}</button></form>");
        if (groups.Count == 0) p.Add($"<p class=\"note\">{p.T("noDayData")}</p>");
        p.Add($"<div id=\"spread\" class=\"chart\" data-chart=\"boxplot\" data-label=\"{E(label)}\" data-points=\"{E(JsonSerializer.Serialize(groups, Json))}\"></div>");
        p.Add($"<div class=\"scroll\"><table id=\"spread-table\"><thead><tr><th>{(bySpecialty ? p.T("specialty") : p.T("department"))}</th><th class=\"num\">n</th><th class=\"num\">min</th><th class=\"num\">Q1</th><th class=\"num\">median</th><th class=\"num\">Q3</th><th class=\"num\">max</th></tr></thead><tbody>");
        foreach (var g in groups) p.Add($"<tr><td>{E(g.Group)}</td><td class=\"num\">{g.Count}</td>{string.Concat(g.Box.Select(v => $"<td class=\"num\">{v.ToString("0.000", CultureInfo.InvariantCulture)}</td>"))}</tr>");
        p.Add("</tbody></table></div>");

        var medians = await MonthlyMediansAsync(chosen.Value, published, cache, ct);
        p.Add($"<h2>{p.T("medianOverTime")}</h2><div id=\"medians\" class=\"chart\" data-chart=\"lines\" data-label=\"{p.T("medianOverTime")}\" data-points=\"{E(JsonSerializer.Serialize(medians, Json))}\"></div>");
        return p.Render(context, p.T("efficiency"));
    }

    /// <summary>When a provisional ranking was computed, in the business time zone: HH:mm today, else with its date.</summary>
    private static string AsOf(DateTimeOffset computed, TimeProvider clock)
    {
        var local = TimeZoneInfo.ConvertTime(computed, BusinessCalendar.Zone);
        return DateOnly.FromDateTime(local.DateTime) == new BusinessCalendar(clock).Today
            ? local.ToString("HH:mm", CultureInfo.InvariantCulture)
            : local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    private sealed record SpreadGroup(string Group, int Count, double[] Box);

    private static List<SpreadGroup> Spread(IEnumerable<(string Group, double E)> values) =>
        [.. Serverless.Domain.Scoring.DaySpread.Boxes(values).Select(b => new SpreadGroup(b.Group, b.Count, b.Box()))];

    /// <summary>The months shown in the median-over-time chart: the chosen one and the 11 before it.</summary>
    public const int MedianMonths = 12;

    private sealed record MedianSeries(string Name, IReadOnlyList<double?> Data);

    private sealed record Medians(IReadOnlyList<string> Months, IReadOnlyList<MedianSeries> Series);

    /// <summary>
    /// Each department's median monthly mean E over the published months up to <paramref name="last"/> (latest version of
    /// each). A published version never changes, so each one's medians are kept in memory by month and version: a
    /// page reads each ranking.json once, not on every view.
    /// </summary>
    private static async Task<Medians> MonthlyMediansAsync(YearMonth last, IPublishedMonths published, IMemoryCache cache, CancellationToken ct)
    {
        var months = Enumerable.Range(0, MedianMonths).Select(i => YearMonth.Of(last.FirstDay.AddMonths(i - MedianMonths + 1))).ToList();
        var perMonth = await Task.WhenAll(months.Select(async m =>
        {
            if (await published.GetLatestVersionAsync(m, ct) is not { } version) return null;
            return await cache.GetOrCreateAsync(("web-medians", m, version), async entry =>
            {
                entry.SlidingExpiration = TimeSpan.FromHours(1);
                var (doc, _) = await MonthsApi.ReadRankingAsync(published, m, version, ct);
                return doc?.Rows.Where(r => r.MeanEfficiency is not null)
                    .GroupBy(r => r.Department, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => Box(g.Select(r => r.MeanEfficiency!.Value).Order().ToList())[2], StringComparer.Ordinal);
            });
        }));
        var shown = months.Select((m, i) => (Month: m, Values: perMonth[i])).Where(x => x.Values is not null).ToList();
        var departments = shown.SelectMany(x => x.Values!.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return new Medians(
            [.. shown.Select(x => x.Month.ToString())],
            [.. departments.Select(dep => new MedianSeries(dep, [.. shown.Select(x => x.Values!.TryGetValue(dep, out var v) ? v : (double?)null)]))]);
    }

    private static string JsonName(Serverless.Domain.Scoring.Dimension dimension) => JsonSerializer.Serialize(dimension).Trim('"');

    /// <summary>min, Q1, median, Q3, max of sorted values (<see cref="Serverless.Domain.Scoring.DaySpread.Quantile"/>).</summary>
    private static double[] Box(IReadOnlyList<double> sorted) =>
        [.. new[] { 0, 0.25, 0.5, 0.75, 1 }.Select(q => Serverless.Domain.Scoring.DaySpread.Quantile(sorted, q))];

    private static async Task<IResult> TeamAsync(HttpContext context, string? month, CancellationToken ct) =>
        await TeamPageAsync(context, month, null, ct);

    /// <summary>
    /// The team lead's page: the award and adjustment forms and the team's standings. Only the team's agents are read
    /// from the roster (the roster query by team, a page at a time), never the whole roster.
    /// </summary>
    private static async Task<IResult> TeamPageAsync(HttpContext context, string? month, string? message, CancellationToken ct)
    {
        var u = context.User;
        if (!u.IsInRole(ApiRoles.TeamLead)) return Refused(context);
        var services = context.RequestServices;
        var (published, rosterQueries, antiforgery, clock, rules) = (services.GetRequiredService<IPublishedMonths>(), services.GetRequiredService<IRosterQueries>(),
            services.GetRequiredService<IAntiforgery>(), services.GetRequiredService<TimeProvider>(), services.GetRequiredService<IRulesStore>());
        var p = For(context);
        var team = u.FindFirst(ApiRoles.TeamClaim)?.Value;
        if (team is null) return p.Add($"<p class=\"bad\">{p.T("noTeam")}</p>").Render(context, p.T("team"));
        if (message is not null) p.Add(message);
        var membersTask = TeamMembersAsync(rosterQueries, team, ct);
        var chosen = await MonthAsync(month, published, ct);
        var rankingTask = chosen is null ? Task.FromResult<(RankingDocument?, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult?)>((null, null)) : MonthsApi.ReadRankingAsync(published, chosen.Value, null, ct);
        var bookTask = rules.GetBookAsync(ct);
        var members = await membersTask;
        var token = antiforgery.GetAndStoreTokens(context).RequestToken;
        var today = new BusinessCalendar(clock).Today;
        var agents = string.Concat(members.Select(r => $"<option value=\"{E(r.AgentId)}\">{E(r.AgentId)} {E(r.Name)}</option>"));
        string Options(IEnumerable<string> values) => string.Concat(values.Select(v => $"<option>{v}</option>"));
        // The key is made when the form is drawn, so sending the same form again (a retry, a double click) is the same award.
        p.Add($"""
            <h2>{p.T("award")}</h2>
            <form id="award" class="card" method="post" action="/app/team/awards">
            <input type="hidden" name="__token" value="{E(token)}">
            <input type="hidden" name="key" value="web-{Guid.NewGuid():N}">
            <label>{p.T("name")}<select name="agentId">{agents}</select></label>
            <label>{p.T("date")}<input type="date" name="date" value="{today:yyyy-MM-dd}" max="{today:yyyy-MM-dd}"></label>
            <label>{p.T("item")}<select name="item">{Options(["activity", "honour", "good-deed", "training"])}</select></label>
            <label>{p.T("level")}<select name="level">{Options(["team", "department", "center", "company", "national"])}</select></label>
            <label>{p.T("note")}<input name="note" maxlength="{AwardInput.MaxNoteLength}"></label>
            <button type="submit">{p.T("submit")}</button>
            </form>
            """);
        // The adjustment form only where the rules in force today let adjustments count; the API refuses the rest anyway.
        var inForce = (await bookTask).InForceOn(today);
        if (inForce?.Adjustments is { } allowed)
        {
            var min = allowed.AllowDeductions ? -AdjustmentInput.MaxPoints : 0.01m;
            p.Add($"""
                <h2>{p.T("adjustment")}</h2>
                <form id="adjustment" class="card" method="post" action="/app/team/adjustments">
                <input type="hidden" name="__token" value="{E(token)}">
                <input type="hidden" name="key" value="web-{Guid.NewGuid():N}">
                <label>{p.T("name")}<select name="agentId">{agents}</select></label>
                <label>{p.T("date")}<input type="date" name="date" value="{today:yyyy-MM-dd}" max="{today:yyyy-MM-dd}"></label>
                <label>{p.T("points")} ({(allowed.AllowDeductions ? p.T("deductionsAllowed") : p.T("noDeductions"))})<input type="number" name="points" step="0.01" min="{N(min)}" max="{N(AdjustmentInput.MaxPoints)}" required></label>
                <label>{p.T("reason")}<input name="reason" maxlength="{AdjustmentInput.MaxReasonLength}" required></label>
                <button type="submit">{p.T("submit")}</button>
                </form>
                """);
        }
        else
        {
            p.Add($"<h2>{p.T("adjustment")}</h2><p class=\"note\" id=\"adjustments-off\">{p.T("adjustmentsOff")} {p.T("rulesVersion")} {E(inForce?.Version)}</p>");
        }
        var (doc, _) = await rankingTask;
        if (doc is null) p.Add($"<p class=\"note\">{p.T("notPublished")}</p>");
        else
        {
            var rows = doc.Rows.Where(r => r.Team == team).ToList();
            p.Add($"<h2>{E(team)} · {E(doc.Month)} v{doc.Version}</h2>").Add(RankingTable(p, rows, rows.Count(r => r.Tier is not null)));
        }
        return p.Render(context, p.T("team") + " · " + team);
    }

    private static async Task<List<RosterRecord>> TeamMembersAsync(IRosterQueries roster, string team, CancellationToken ct)
    {
        var members = new List<RosterRecord>();
        string? continuation = null;
        do
        {
            var page = await roster.ListAsync(new RosterFilter(null, null, team, RosterStatus.Active), 1_000, continuation, ct);
            members.AddRange(page.Agents);
            continuation = page.Continuation;
        }
        while (continuation is not null);
        members.Sort((a, b) => string.CompareOrdinal(a.AgentId, b.AgentId));
        return members;
    }

    private static async Task<IResult> AwardAsync(
        HttpContext context, IAntiforgery antiforgery, IEntryStore<AwardRecord> awards, IRulesStore rules, IRosterStore roster, IIdempotencyKeys keys,
        TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        if (!context.User.IsInRole(ApiRoles.TeamLead)) return Refused(context);
        if (!await antiforgery.IsRequestValidAsync(context)) return Results.BadRequest();
        var form = await context.Request.ReadFormAsync(ct);
        var p = For(context);
        var input = new AwardInput(form["agentId"], FormDate(form), form["item"], form["level"], form["note"]);
        var result = await AwardsApi.PostAsync(form["key"], input, context.Response, context.User, awards, rules, roster, keys, clock, logs, ct);
        // The audit trail, as POST /api/awards has it (the middleware sees /api only): before the page is answered.
        if (result.Result is Created<AwardResponse> created) await AuditTrailRecording.RecordFormAsync(context, "PostAward", form["key"], created.Location!, reason: null, created.StatusCode);
        var message = result.Result switch
        {
            Created<AwardResponse> { Value: { } award } => Recorded(p, context, "award", $"{E(award.AgentId)} {E(award.Item)} {E(award.Level)} +{N(award.Points)} ({E(award.AwardId)})"),
            var other => Problem(other, "award-result"),
        };
        context.Response.Headers.Remove("Location");
        return await TeamPageAsync(context, null, message, ct);
    }

    /// <summary>A leader adjustment (临时加减分) through the same steps as <c>POST /api/adjustments</c>: the form's key is its Idempotency-Key.</summary>
    private static async Task<IResult> AdjustmentAsync(
        HttpContext context, IAntiforgery antiforgery, IEntryStore<Serverless.Domain.Scoring.PointsAdjustment> adjustments, IRulesStore rules, IRosterStore roster,
        IIdempotencyKeys keys, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        if (!context.User.IsInRole(ApiRoles.TeamLead)) return Refused(context);
        if (!await antiforgery.IsRequestValidAsync(context)) return Results.BadRequest();
        var form = await context.Request.ReadFormAsync(ct);
        var p = For(context);
        decimal? points = decimal.TryParse(form["points"].ToString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : null;
        var input = new AdjustmentInput(form["agentId"], FormDate(form), points, form["reason"]);
        var result = await AdjustmentsApi.PostAsync(form["key"], input, context.Response, context.User, adjustments, rules, roster, keys, clock, logs, ct);
        if (result.Result is Created<AdjustmentResponse> created) await AuditTrailRecording.RecordFormAsync(context, "PostAdjustment", form["key"], created.Location!, form["reason"], created.StatusCode);
        var message = result.Result switch
        {
            Created<AdjustmentResponse> { Value: { } a } => Recorded(p, context, "adjustment", $"{E(a.AgentId)} {(a.Points > 0 ? "+" : "")}{N(a.Points)} {E(a.Reason)} ({E(a.AdjustmentId)})"),
            var other => Problem(other, "adjustment-result"),
        };
        context.Response.Headers.Remove("Location");
        return await TeamPageAsync(context, null, message, ct);
    }

    private static DateOnly? FormDate(IFormCollection form) =>
        DateOnly.TryParseExact(form["date"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>The form's outcome: recorded, or the first answer again when the same form (the same key) came back.</summary>
    private static string Recorded(WebPage p, HttpContext context, string what, string details)
    {
        var replayed = context.Response.Headers[EntryApi.ReplayedHeader].ToString() == "true";
        return $"<p class=\"{(replayed ? "note" : "ok")}\" id=\"{what}-result\">{(replayed ? p.T(what + "Replayed") : p.T(what + "Recorded"))}: {details}</p>";
    }

    private static string Problem(IResult result, string id) => result switch
    {
        ValidationProblem invalid => $"<p class=\"bad\" id=\"{id}\">{E(string.Join(" ", invalid.ProblemDetails.Errors.SelectMany(e => e.Value)))}</p>",
        ProblemHttpResult problem => $"<p class=\"bad\" id=\"{id}\">{E(problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title)}</p>",
        _ => "",
    };

    private static async Task<IResult> ImportsAsync(HttpContext context, string? month, IImportLog imports, IPublishedMonths published, TimeProvider clock, CancellationToken ct)
    {
        if (!IsHr(context.User)) return Refused(context);
        var p = For(context);
        var chosen = ApiInput.TryMonth(month, out var m) ? m : await published.GetLatestMonthAsync(ct) ?? YearMonth.Of(new BusinessCalendar(clock).Today);
        var days = Enumerable.Range(1, chosen.LastDay.Day).Select(i => new DateOnly(chosen.Year, chosen.Month, i)).ToList();
        var lists = await Task.WhenAll(days.Select(day => imports.ListAsync(day, null, null, ct)));
        var kinds = Enum.GetValues<ExportKind>();
        p.Add($"<form class=\"filters\" method=\"get\"><label>{p.T("month")}<input type=\"month\" name=\"month\" value=\"{chosen}\"></label><button type=\"submit\">{p.T("filter")}</button></form>");
        p.Add($"<div class=\"scroll\"><table id=\"matrix\"><thead><tr><th>{p.T("day")}</th>{string.Concat(kinds.Select(k => $"<th>{k.ToPathName()}</th>"))}</tr></thead><tbody>");
        for (var i = 0; i < days.Count; i++)
        {
            p.Add($"<tr><td>{days[i]:yyyy-MM-dd}</td>");
            foreach (var kind in kinds)
            {
                var cell = string.Join(" ", lists[i].Where(r => r.Kind == kind).OrderBy(r => r.ReceivedAt).Select(r =>
                    $"<a class=\"status-{r.Status}\" data-kind=\"{kind.ToPathName()}\" data-status=\"{r.Status}\" href=\"/app/imports/{r.Date:yyyy-MM-dd}/{Uri.EscapeDataString(r.ImportId)}\" title=\"{E(r.BlobName)}\">{p.T("status." + r.Status)}</a>"));
                p.Add($"<td>{cell}</td>");
            }
            p.Add("</tr>");
        }
        p.Add("</tbody></table></div>");
        return p.Render(context, p.T("imports") + " · " + chosen);
    }

    private static async Task<ImportRecord?> FindImportAsync(string date, string importId, IImportLog imports, CancellationToken ct) =>
        ApiInput.TryDate(date, out var day) && ApiInput.IsValidId(importId)
            ? (await imports.ListAsync(day, null, null, ct)).FirstOrDefault(r => r.ImportId == importId)
            : null;

    private static async Task<IResult> ImportReportAsync(HttpContext context, string date, string importId, IImportLog imports, IReportFiles reports, CancellationToken ct)
    {
        if (!IsHr(context.User)) return Refused(context);
        var p = For(context);
        var record = await FindImportAsync(date, importId, imports, ct);
        if (record is null) return p.Add($"<p class=\"bad\">{p.T("notFound")}</p>").Render(context, "404", 404);
        p.Add($"<div class=\"scroll\"><table id=\"import\"><tbody><tr><th>{p.T("kind")}</th><td>{record.Kind.ToPathName()}</td></tr><tr><th>{p.T("date")}</th><td>{record.Date:yyyy-MM-dd}</td></tr><tr><th>Blob</th><td>{E(record.BlobName)}</td></tr><tr><th>{p.T("status")}</th><td class=\"status-{record.Status}\">{p.T("status." + record.Status)}</td></tr><tr><th>{p.T("rows")}</th><td>{record.DataRows}</td></tr><tr><th>{p.T("accepted")}</th><td>{record.AcceptedRows}</td></tr><tr><th>{p.T("badRows")}</th><td>{record.BadRows}</td></tr><tr><th>{p.T("rejection")}</th><td>{E(record.RejectionReason)}</td></tr></tbody></table></div>");
        if (record.ReportBlob is not null && await reports.OpenAsync(record.ReportBlob, ct) is { } stream)
        {
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
            await stream.DisposeAsync();
            if (document.RootElement.TryGetProperty("rowErrors", out var errors) && errors.GetArrayLength() > 0)
            {
                p.Add($"<h2>{p.T("rowErrors")}</h2><p><a id=\"errors-csv\" href=\"/app/imports/{record.Date:yyyy-MM-dd}/{Uri.EscapeDataString(record.ImportId)}/errors.csv\">{p.T("errorsCsv")}</a></p>");
                p.Add($"<div class=\"scroll\"><table id=\"row-errors\"><thead><tr><th class=\"num\">{p.T("row")}</th><th>{p.T("column")}</th><th>{p.T("reason")}</th><th>{p.T("value")}</th></tr></thead><tbody>");
                foreach (var e in errors.EnumerateArray())
                {
                    p.Add($"<tr><td class=\"num\">{e.GetProperty("row")}</td><td>{E(e.GetProperty("column").GetString())}</td><td>{E(e.GetProperty("reason").GetString())}</td><td>{E(e.GetProperty("value").GetString())}</td></tr>");
                }
                p.Add("</tbody></table></div>");
            }
        }
        return p.Render(context, p.T("report"));
    }

    private static async Task<IResult> ImportErrorsAsync(HttpContext context, string date, string importId, IImportLog imports, IReportFiles reports, CancellationToken ct)
    {
        if (!IsHr(context.User)) return Refused(context);
        var record = await FindImportAsync(date, importId, imports, ct);
        if (record?.ReportBlob is not { } blob || !blob.EndsWith(".json", StringComparison.Ordinal)) return Results.NotFound();
        var stream = await reports.OpenAsync(blob[..^".json".Length] + ".errors.csv", ct);
        return stream is null ? Results.NotFound() : Results.Stream(stream, "text/csv; charset=utf-8", $"{record.ImportId}.errors.csv");
    }

    private static async Task<IResult> MonthCloseAsync(HttpContext context, string? month, int? version, IPublishedMonths published, CancellationToken ct)
    {
        if (!IsHr(context.User)) return Refused(context);
        var p = For(context);
        var chosen = await MonthAsync(month, published, ct);
        var latest = chosen is null ? null : await published.GetLatestVersionAsync(chosen.Value, ct);
        if (chosen is null || latest is null) return p.Add($"<p class=\"note\">{p.T("notPublished")}</p>").Render(context, p.T("monthClose"));
        var shown = Math.Clamp(version ?? latest.Value, 1, latest.Value);
        p.Add($"<form class=\"filters\" method=\"get\"><label>{p.T("month")}<input type=\"month\" name=\"month\" value=\"{chosen}\"></label><button type=\"submit\">{p.T("filter")}</button></form>");
        p.Add($"<p>{p.T("versions")}: {string.Join(" ", Enumerable.Range(1, latest.Value).Select(v => v == shown ? $"<b>v{v}</b>" : $"<a href=\"?month={chosen}&version={v}\">v{v}</a>"))}</p>");
        p.Add($"<h2>{p.T("files")}</h2><ul id=\"files\">");
        foreach (var file in MonthPublication.FileNames.Order(StringComparer.Ordinal))
        {
            await using var content = await published.OpenFileAsync(chosen.Value, shown, file, ct);
            if (content is not null) p.Add($"<li><a href=\"/app/months/{chosen}/files/{file}?version={shown}\">{file}</a> ({content.Length:N0} B)</li>");
        }
        p.Add("</ul>");
        await using (var manifest = await published.OpenFileAsync(chosen.Value, shown, MonthPublication.ManifestName, ct))
        {
            if (manifest is not null)
            {
                using var reader = new StreamReader(manifest.Content, Encoding.UTF8);
                p.Add($"<h2>{p.T("manifest")}</h2><pre class=\"scroll\" id=\"manifest\">{E(await reader.ReadToEndAsync(ct))}</pre>");
            }
        }
        await using (var diff = await published.OpenFileAsync(chosen.Value, shown, MonthPublication.DiffCsvName, ct))
        {
            if (diff is not null)
            {
                using var reader = new StreamReader(diff.Content, Encoding.UTF8);
                var lines = (await reader.ReadToEndAsync(ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(201).Select(l => l.TrimEnd('\r').Split(',')).ToList();
                p.Add($"<h2>{p.T("diff")}</h2><div class=\"scroll\"><table id=\"diff\">{string.Concat(lines.Select((cells, i) => "<tr>" + string.Concat(cells.Select(c => i == 0 ? $"<th>{E(c)}</th>" : $"<td>{E(c)}</td>")) + "</tr>"))}</table></div>");
            }
        }
        return p.Render(context, p.T("monthClose") + " · " + chosen);
    }

    private static async Task<IResult> MonthFileAsync(HttpContext context, string month, string file, int? version, IPublishedMonths published, CancellationToken ct)
    {
        if (!IsHr(context.User)) return Refused(context);
        if (!ApiInput.TryMonth(month, out var parsed) || !MonthPublication.FileNames.Contains(file)) return Results.NotFound();
        var number = version ?? await published.GetLatestVersionAsync(parsed, ct);
        if (number is null) return Results.NotFound();
        var content = await published.OpenFileAsync(parsed, number.Value, file, ct);
        return content is null ? Results.NotFound() : Results.Stream(content.Content, content.ContentType, $"{parsed}-v{number}-{file}");
    }

    /// <summary>Draws every <c>.chart</c> element from its <c>data-points</c> with ECharts (served by the app, no CDN).</summary>
    private const string Script = """
        document.querySelectorAll('.chart').forEach(function (el) {
          var data = JSON.parse(el.dataset.points || '[]');
          var chart = echarts.init(el);
          // No animation: a box plot grows from its median, so a page (or a screenshot) read at once would show flat boxes.
          var font = { fontFamily: '"Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif' };
          if (el.dataset.chart === 'line') {
            chart.setOption({ animation: false, textStyle: font, tooltip: { trigger: 'axis' }, grid: { left: 50, right: 20, top: 30, bottom: 30 },
              xAxis: { type: 'category', data: data.map(function (p) { return p.month; }) }, yAxis: { type: 'value' },
              series: [{ name: el.dataset.label, type: 'line', smooth: false, areaStyle: {}, data: data.map(function (p) { return p.cumulative; }) }] });
          } else if (el.dataset.chart === 'boxplot') {
            chart.setOption({ animation: false, textStyle: font, title: { text: el.dataset.label, textStyle: { fontSize: 13 } }, tooltip: {},
              grid: { left: 50, right: 20, top: 40, bottom: 60 },
              xAxis: { type: 'category', data: data.map(function (g) { return g.group; }), axisLabel: { rotate: 30 } }, yAxis: { type: 'value', scale: true },
              series: [{ type: 'boxplot', data: data.map(function (g) { return g.box; }) }] });
          } else if (el.dataset.chart === 'lines') {
            chart.setOption({ animation: false, textStyle: font, tooltip: { trigger: 'axis' }, legend: { type: 'scroll', top: 0 },
              grid: { left: 50, right: 20, top: 40, bottom: 30 }, xAxis: { type: 'category', data: data.months }, yAxis: { type: 'value', scale: true },
              series: data.series.map(function (s) { return { name: s.name, type: 'line', connectNulls: true, symbolSize: 8, data: s.data }; }) });
          }
          window.addEventListener('resize', function () { chart.resize(); });
        });
        """;
}
