using System.Globalization;
using System.Text;

namespace Serverless.Functions.Tests.Scoring;

/// <summary>
/// One kind of call an agent made on a day, repeated <paramref name="Count"/> times: talk, hold and after-call work in
/// seconds; of them the first <paramref name="Pushed"/> had the survey pushed, the first <paramref name="Satisfied"/>
/// were answered "satisfied" and the next <paramref name="Neutral"/> "neutral"; the first <paramref name="Help"/> asked
/// for help.
/// </summary>
internal sealed record WorkedCalls(int Count, int Talk, int Hold, int Acw, int Pushed = 0, int Satisfied = 0, int Neutral = 0, int Help = 0);

/// <summary>
/// Exports for the worked examples of <c>docs/worked-examples.md</c>, written out call by call so that every number the
/// example uses (N, talk, hold, after-call work, surveys) is in the file as a platform would export it.
/// </summary>
internal static class WorkedExports
{
    private const string CallsHeader = "call_id,agent_id,start_time,end_time,talk_seconds,hold_seconds,acw_seconds,help_requested,survey_pushed,satisfaction\r\n";
    private const string TimeHeader = "agent_id,date,scheduled_seconds,signed_in_seconds,not_ready_seconds,adherence,late_minutes\r\n";

    public static string Calls(DateOnly day, params (string AgentId, WorkedCalls[] Calls)[] agents)
    {
        var csv = new StringBuilder(CallsHeader);
        foreach (var (agentId, kinds) in agents)
        {
            var n = 0;
            foreach (var c in kinds)
            {
                for (var i = 0; i < c.Count; i++, n++)
                {
                    // One call every 10 minutes from 08:00: the longest call here is under 10 minutes, so none overlap.
                    var start = day.ToDateTime(new TimeOnly(8, 0)).AddMinutes(10 * n);
                    var end = start.AddSeconds(c.Talk + c.Hold + c.Acw);
                    var rating = i < c.Satisfied ? "satisfied" : i < c.Satisfied + c.Neutral ? "neutral" : "";
                    csv.Append(CultureInfo.InvariantCulture,
                        $"{agentId}-{n},{agentId},{start:yyyy-MM-dd HH:mm:ss},{end:yyyy-MM-dd HH:mm:ss},{c.Talk},{c.Hold},{c.Acw},{(i < c.Help ? 1 : 0)},{(i < c.Pushed ? 1 : 0)},{rating}\r\n");
                }
            }
        }
        return csv.ToString();
    }

    public static string Time(DateOnly day, params (string AgentId, int Scheduled, int SignedIn, int NotReady, double Adherence, int Late)[] agents)
    {
        var csv = new StringBuilder(TimeHeader);
        foreach (var a in agents)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{a.AgentId},{day:yyyy-MM-dd},{a.Scheduled},{a.SignedIn},{a.NotReady},{a.Adherence},{a.Late}\r\n");
        }
        return csv.ToString();
    }

    public static string Quality(DateOnly day, params (string AgentId, int Inspected, int Errors)[] agents)
    {
        var csv = new StringBuilder("agent_id,date,call_id,score,error\r\n");
        foreach (var (agentId, inspected, errors) in agents)
        {
            for (var i = 0; i < inspected; i++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{agentId},{day:yyyy-MM-dd},{agentId}-{i},{(i < errors ? 70 : 95)},{(i < errors ? 1 : 0)}\r\n");
            }
        }
        return csv.ToString();
    }

    public static string WorkItems(params (string AgentId, DateOnly Day, string Code, string Role, decimal Quantity)[] items)
    {
        var csv = new StringBuilder("agent_id,date,item_code,role,quantity\r\n");
        foreach (var i in items) csv.Append(CultureInfo.InvariantCulture, $"{i.AgentId},{i.Day:yyyy-MM-dd},{i.Code},{i.Role},{i.Quantity}\r\n");
        return csv.ToString();
    }
}
