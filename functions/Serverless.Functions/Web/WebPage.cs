using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text;
using Serverless.Functions.Api;

namespace Serverless.Functions.Web;

/// <summary>
/// One server-rendered page: the layout (phone-first CSS, the navigation for the caller's role, the language switch) and
/// the words in Chinese (default) or English (<c>?lang=en</c>, kept in a cookie). Written by hand: the pages are small
/// tables and forms, and a string builder with <see cref="WebUtility.HtmlEncode(string)"/> on every value is all they need.
/// </summary>
public sealed class WebPage
{
    public const string LanguageCookie = "points-lang";

    private readonly StringBuilder _body = new();

    private WebPage(bool english) => English = english;

    public bool English { get; }

    public static WebPage For(HttpContext context)
    {
        var asked = context.Request.Query["lang"].ToString();
        if (asked is "en" or "zh")
        {
            context.Response.Cookies.Append(LanguageCookie, asked, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/app", MaxAge = TimeSpan.FromDays(365) });
        }
        var lang = asked is "en" or "zh" ? asked : context.Request.Cookies[LanguageCookie];
        return new WebPage(lang == "en");
    }

    /// <summary>The word for <paramref name="key"/> in the page's language.</summary>
    public string T(string key) => Words.TryGetValue(key, out var w) ? (English ? w.En : w.Zh) : key;

    public static string E(string? value) => WebUtility.HtmlEncode(value ?? "");

    public static string N(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public WebPage Add(string html)
    {
        _body.Append(html);
        return this;
    }

    public IResult Render(HttpContext context, string title, int status = StatusCodes.Status200OK)
    {
        var user = context.User;
        var nav = new StringBuilder();
        if (user.Identity?.IsAuthenticated == true)
        {
            if (user.IsInRole(ApiRoles.HrAdmin) || user.IsInRole(ApiRoles.HrReader) || user.IsInRole(ApiRoles.TeamLead))
            {
                nav.Append($"<a href=\"/app/leaderboard\">{T("leaderboard")}</a>");
                nav.Append($"<a href=\"/app/efficiency\">{T("efficiency")}</a>");
            }
            if (user.IsInRole(ApiRoles.TeamLead)) nav.Append($"<a href=\"/app/team\">{T("team")}</a>");
            if (user.IsInRole(ApiRoles.HrAdmin) || user.IsInRole(ApiRoles.HrReader))
            {
                nav.Append($"<a href=\"/app/imports\">{T("imports")}</a>");
                nav.Append($"<a href=\"/app/months\">{T("monthClose")}</a>");
            }
            if (user.FindFirst(ApiRoles.AgentClaim)?.Value is { } me) nav.Append($"<a href=\"/app/agents/{Uri.EscapeDataString(me)}\">{T("myPoints")}</a>");
            nav.Append($"<span class=\"who\">{E(user.Identity.Name)}</span><a href=\"/app/signout\">{T("signOut")}</a>");
        }
        var path = context.Request.Path + QueryWithout(context.Request.Query, "lang");
        var sep = path.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        var switchTo = English ? $"<a class=\"lang\" href=\"{E(path + sep + "lang=zh")}\">中文</a>" : $"<a class=\"lang\" href=\"{E(path + sep + "lang=en")}\">English</a>";
        var html = $$"""
            <!DOCTYPE html>
            <html lang="{{(English ? "en" : "zh-CN")}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(title)}} · {{T("appName")}}</title>
            <style>{{Css}}</style>
            </head>
            <body>
            <header><strong>{{T("appName")}}</strong><nav>{{nav}}</nav>{{switchTo}}</header>
            <main>
            <h1>{{E(title)}}</h1>
            {{_body}}
            </main>
            <script src="/app/assets/echarts.min.js"></script>
            <script src="/app/assets/app.js"></script>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static string QueryWithout(IQueryCollection query, string name)
    {
        var kept = query.Where(q => q.Key != name).SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}")).ToList();
        return kept.Count == 0 ? "" : "?" + string.Join('&', kept);
    }

    private const string Css = """
        *{box-sizing:border-box}body{margin:0;font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","PingFang SC","Microsoft YaHei",sans-serif;color:#1f2933;background:#f5f7fa}
        header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.6rem 1rem;background:#0b6e4f;color:#fff}
        header a{color:#fff;text-decoration:none;margin-right:.8rem;white-space:nowrap}header nav{flex:1}.who{opacity:.8;margin-right:.8rem}
        main{padding:1rem;max-width:1200px;margin:auto}h1{font-size:1.3rem}h2{font-size:1.1rem;margin-top:1.5rem}
        .scroll{overflow-x:auto;background:#fff;border-radius:6px;box-shadow:0 1px 2px #0002}
        table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{padding:.35rem .5rem;border-bottom:1px solid #e4e7eb;text-align:left;white-space:nowrap}
        th{background:#eef2f5}td.num,th.num{text-align:right}tr.paid td{background:#f0faf4}
        tr.cut td{border-bottom:3px dashed #d9480f;padding:0}tr.cut td span{display:inline-block;background:#d9480f;color:#fff;font-size:.75rem;padding:0 .4rem}
        form.filters,form.card{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:.5rem 0 1rem}
        label{display:flex;flex-direction:column;font-size:.8rem}input,select,button{font:inherit;padding:.3rem .4rem}
        button{background:#0b6e4f;color:#fff;border:0;border-radius:4px;padding:.4rem .9rem}
        .chart{width:100%;height:320px;background:#fff;border-radius:6px;margin:.5rem 0}
        .note{background:#fff8e1;border-left:4px solid #f59f00;padding:.5rem .8rem}.ok{background:#e6fcf5;border-left:4px solid #0ca678;padding:.5rem .8rem}
        .bad{background:#fff5f5;border-left:4px solid #e03131;padding:.5rem .8rem}
        .status-Rejected,.status-Failed{background:#ffe3e3;color:#c92a2a}.status-Accepted{background:#d3f9d8}.status-Duplicate,.status-Superseded{background:#e9ecef}
        .pager a{margin-right:.8rem}.tiles{display:flex;flex-wrap:wrap;gap:.8rem}.tile{background:#fff;border-radius:6px;padding:.6rem 1rem;box-shadow:0 1px 2px #0002}
        .tile b{display:block;font-size:1.3rem}
        .bar{display:inline-block;width:6rem;height:.6rem;background:#e4e7eb;border-radius:3px;vertical-align:middle}.bar span{display:block;height:100%;background:#0b6e4f;border-radius:3px}
        .months a{margin-right:1rem}
        @media (max-width:600px){main{padding:.5rem}th,td{padding:.3rem}header{font-size:.9rem}}
        """;

    private static readonly Dictionary<string, (string Zh, string En)> Words = new()
    {
        ["appName"] = ("95598 坐席积分", "95598 agent points"),
        ["leaderboard"] = ("排行榜", "Leaderboard"),
        ["efficiency"] = ("效能分布", "Efficiency spread"),
        ["team"] = ("班组", "Team"),
        ["imports"] = ("数据导入", "Imports"),
        ["monthClose"] = ("月度结算", "Month close"),
        ["myPoints"] = ("我的积分", "My points"),
        ["signIn"] = ("登录", "Sign in"),
        ["signOut"] = ("退出", "Sign out"),
        ["rank"] = ("排名", "Rank"),
        ["agentId"] = ("工号", "Agent id"),
        ["name"] = ("姓名", "Name"),
        ["department"] = ("部门", "Department"),
        ["specialty"] = ("专业", "Specialty"),
        ["monthPoints"] = ("月积分", "Month points"),
        ["workQuality"] = ("工作质量", "Work quality"),
        ["meanEfficiency"] = ("平均效能", "Mean efficiency"),
        ["cumulative"] = ("累计积分", "Cumulative"),
        ["stars"] = ("星级", "Stars"),
        ["tier"] = ("档次", "Tier"),
        ["bonus"] = ("奖金", "Bonus"),
        ["all"] = ("全部", "All"),
        ["status.Accepted"] = ("已接收", "Accepted"),
        ["status.AcceptedWithErrors"] = ("部分接收", "Accepted with errors"),
        ["status.Rejected"] = ("已拒收", "Rejected"),
        ["status.Duplicate"] = ("重复文件", "Duplicate"),
        ["filter"] = ("筛选", "Filter"),
        ["month"] = ("月份", "Month"),
        ["version"] = ("版本", "Version"),
        ["rulesVersion"] = ("规则版本", "Rules version"),
        ["paidLine"] = ("15% 奖励线", "15 % bonus line"),
        ["paidCount"] = ("获奖人数", "Paid"),
        ["eligible"] = ("参评人数", "Eligible"),
        ["totalBonus"] = ("奖金总额", "Total bonus"),
        ["previous"] = ("上一页", "Previous"),
        ["next"] = ("下一页", "Next"),
        ["page"] = ("页", "page"),
        ["diff"] = ("与上一版差异", "Diff to the previous version"),
        ["notPublished"] = ("该月尚未发布。", "This month has not been published."),
        ["forbidden"] = ("无权查看此页面。", "You may not see this page."),
        ["notFound"] = ("未找到。", "Not found."),
        ["signInFirst"] = ("请先登录。", "Please sign in first."),
        ["dimension"] = ("维度", "Dimension"),
        ["earned"] = ("获得", "Earned"),
        ["counted"] = ("计入（封顶后）", "Counted (after caps)"),
        ["entries"] = ("积分明细", "Entries"),
        ["period"] = ("日期", "Period"),
        ["rule"] = ("规则", "Rule"),
        ["points"] = ("积分", "Points"),
        ["inputs"] = ("输入", "Inputs"),
        ["reason"] = ("说明", "Explanation"),
        ["import"] = ("来源导入", "From import"),
        ["growth"] = ("积分成长曲线", "Growth curve"),
        ["provisional"] = ("（未结算）", "(provisional)"),
        ["closed"] = ("已结算", "closed"),
        ["role"] = ("角色", "Role"),
        ["day"] = ("日期", "Day"),
        ["kind"] = ("类型", "Kind"),
        ["status"] = ("状态", "Status"),
        ["report"] = ("导入报告", "Import report"),
        ["rowErrors"] = ("行错误", "Row errors"),
        ["row"] = ("行", "Row"),
        ["column"] = ("列", "Column"),
        ["value"] = ("值", "Value"),
        ["errorsCsv"] = ("下载错误 CSV", "Download errors CSV"),
        ["rows"] = ("行数", "Rows"),
        ["accepted"] = ("接受", "Accepted"),
        ["badRows"] = ("错误行", "Bad rows"),
        ["rejection"] = ("拒收原因", "Rejection reason"),
        ["award"] = ("团队建设加分", "Team-building award"),
        ["date"] = ("日期", "Date"),
        ["item"] = ("项目", "Item"),
        ["level"] = ("级别", "Level"),
        ["note"] = ("备注", "Note"),
        ["submit"] = ("提交", "Submit"),
        ["awardRecorded"] = ("加分已记录", "Award recorded"),
        ["awardReplayed"] = ("此表单已提交过，未重复加分", "This form was already sent; nothing was awarded twice"),
        ["files"] = ("文件下载", "Files"),
        ["manifest"] = ("清单", "Manifest"),
        ["versions"] = ("版本", "Versions"),
        ["boxTitle"] = ("各组效能指数 E 分布（月平均）", "Efficiency index E per group (monthly mean)"),
        ["byDepartment"] = ("按部门", "By department"),
        ["bySpecialty"] = ("按专业", "By specialty"),
        ["devSignIn"] = ("开发环境登录（仅本地）", "Development sign-in (local only)"),
        ["easyAuth"] = ("使用 Entra ID 登录", "Sign in with Entra ID"),
        ["dailyBehaviour"] = ("日常行为", "Daily behaviour"),
        ["teamBuilding"] = ("团队建设", "Team building"),
        ["workload"] = ("工作量", "Workload"),
        ["other"] = ("其他", "Other"),
        ["noTeam"] = ("您的账号没有班组。", "Your account has no team."),
        ["runningMonth"] = ("本月暂定排名", "This month so far (provisional)"),
        ["provisionalTitle"] = ("暂定", "Provisional"),
        ["asOf"] = ("截至", "as of"),
        ["provisionalNote"] = ("本月尚未结算：按截至目前已计分的日期计算（每几分钟更新一次），月度结算前还会变化；全勤、满意率等月度规则在结算时计算；档次仅供参考，不发放奖金。", "This month is not closed: ranked from the days scored so far (refreshed every few minutes), it changes until the month close; monthly rules (full attendance, satisfaction …) are judged at the close; tiers are indicative and no bonus is paid from this list."),
        ["paidLineProvisional"] = ("15% 奖励线（暂定）", "15 % line (provisional)"),
        ["diffTo"] = ("与上一版差异：对比", "Changes since"),
        ["changed"] = ("变化", "Changed"),
        ["added"] = ("新增", "Added"),
        ["removed"] = ("移除", "Removed"),
        ["amountDelta"] = ("奖金总额变化", "Total bonus change"),
        ["change"] = ("变动", "Change"),
        ["change.added"] = ("新进入排名", "newly ranked"),
        ["change.removed"] = ("移出排名", "no longer ranked"),
        ["change.enteredTier"] = ("进入奖励档", "entered a tier"),
        ["change.leftTier"] = ("离开奖励档", "left the tiers"),
        ["change.tier"] = ("档次变化", "tier changed"),
        ["change.up"] = ("名次上升", "moved up"),
        ["change.down"] = ("名次下降", "moved down"),
        ["change.points"] = ("积分变化", "points changed"),
        ["moreInDiff"] = ("条更多变化见 diff.csv", "more changes in diff.csv"),
        ["cap"] = ("上限", "Cap"),
        ["noCap"] = ("不封顶", "no cap"),
        ["halfCap"] = ("班组/部门级合计上限", "team/department levels capped at"),
        ["nextStar"] = ("距下一星级", "Next star"),
        ["pointsTo"] = ("还差 {0} 分升至 {1}", "{0} points to {1}"),
        ["topStar"] = ("已达最高星级", "Highest star level reached"),
        ["adjustment"] = ("班组长临时加减分", "Leader adjustment"),
        ["adjustmentRecorded"] = ("调整已记录", "Adjustment recorded"),
        ["adjustmentReplayed"] = ("此表单已提交过，未重复调整", "This form was already sent; nothing was adjusted twice"),
        ["adjustmentsOff"] = ("当前规则版本不允许班组长临时加减分：", "The rules in force allow no leader adjustments:"),
        ["deductionsAllowed"] = ("可扣分", "deductions allowed"),
        ["noDeductions"] = ("只加不减", "additions only"),
        ["dayBox"] = ("当日效能指数 E 分布", "Efficiency index E on the day"),
        ["medianOverTime"] = ("各部门效能中位数（按月）", "Each department's median E by month"),
        ["oneDay"] = ("查看某一天", "One day"),
        ["wholeMonth"] = ("整月", "Whole month"),
        ["noDayData"] = ("该日没有已计分的效能数据。", "No scored efficiency on that day."),
    };
}
