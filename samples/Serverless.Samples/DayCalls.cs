namespace Serverless.Samples;

/// <summary>Lays out every worked agent's calls for one day, end to end within their shift, in start order.</summary>
internal static class DayCalls
{
    /// <summary>Share of a shift an agent is ready for calls (the rest is breaks and not-ready).</summary>
    private const double ReadyShare = 0.9;

    public static SampleCall[] Generate(SampleOptions options, IReadOnlyList<AgentProfile> agents, DateOnly day)
    {
        // The whole center has busier and quieter days; every agent feels it.
        var centerVolume = SampleRandom.For(options.Seed, SampleStream.CenterVolume, day.DayNumber).Between(0.9, 1.1);
        var close = BusinessDay.Close(day);
        var calls = new List<SampleCall>((int)(agents.Count * options.CallsPerAgentDay));
        var own = new List<SampleCall>();
        foreach (var agent in agents)
        {
            if (!agent.WorksOn(day, options.Seed))
            {
                continue;
            }
            var rng = SampleRandom.For(options.Seed, SampleStream.Calls, day.DayNumber, agent.Index);
            var count = rng.Count(options.CallsPerAgentDay * agent.VolumeFactor * centerVolume);
            own.Clear();
            var handled = 0L;
            for (var i = 0; i < count; i++)
            {
                var call = CallDraw.Next(rng, agent, default);
                handled += call.HandleSeconds;
                own.Add(call);
            }

            // Spread the idle time between calls so the day fills the shift; a busy agent just runs over.
            var meanGap = Math.Max(0, ((BusinessDay.ShiftSeconds * ReadyShare) - handled) / (count + 1));
            var t = BusinessDay.Open(day).AddHours(agent.ShiftStartHour - BusinessDay.OpenHour)
                .AddSeconds(Math.Round(meanGap * rng.Between(0.0, 2.0)));
            foreach (var call in own)
            {
                if (t >= close)
                {
                    break;
                }
                calls.Add(call with { Start = t });
                t = t.AddSeconds(call.HandleSeconds + Math.Round(meanGap * rng.Between(0.0, 2.0)));
            }
        }

        var array = calls.ToArray();
        // (start, agent) is unique because one agent's calls never overlap, so the order is total and the bytes stable.
        Array.Sort(array, static (x, y) =>
        {
            var byStart = x.Start.CompareTo(y.Start);
            return byStart != 0 ? byStart : x.AgentIndex.CompareTo(y.AgentIndex);
        });
        return array;
    }
}
