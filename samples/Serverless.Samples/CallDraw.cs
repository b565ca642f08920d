namespace Serverless.Samples;

/// <summary>Draws one call's durations and outcomes from an agent's habits.</summary>
internal static class CallDraw
{
    /// <summary>Share of calls under 10 s (hang-ups, wrong numbers): enough to see, below the anti-gaming guard.</summary>
    private const double ShortCallRate = 0.02;

    private const double HoldRate = 0.12;
    private const double SurveyDissatisfiedShareOfUnhappy = 0.4;
    private const int MaxTalkSeconds = 3600;

    public static SampleCall Next(SampleRandom rng, AgentProfile agent, DateTime start)
    {
        int talk, hold, acw;
        if (rng.Chance(ShortCallRate))
        {
            talk = rng.Between(1, 7);
            hold = 0;
            acw = rng.Between(0, 2);
        }
        else
        {
            hold = rng.Chance(HoldRate) ? rng.Between(10, 90) : 0;
            acw = rng.Between(20, 60);
            // Talk takes what is left of the agent's AHT after typical hold and ACW; its long right tail is real.
            var meanTalk = Math.Max(60, agent.AhtSeconds - 40 - (HoldRate * 50));
            talk = Math.Clamp((int)Math.Round(rng.LogNormalWithMean(meanTalk, 0.5)), 10, MaxTalkSeconds);
        }

        var pushed = rng.Chance(agent.PushRate);
        var answer = SurveyAnswer.None;
        if (pushed && rng.Chance(agent.SurveyAnswerRate))
        {
            answer = rng.Chance(agent.SatisfiedRate) ? SurveyAnswer.Satisfied
                : rng.Chance(SurveyDissatisfiedShareOfUnhappy) ? SurveyAnswer.Dissatisfied
                : SurveyAnswer.Neutral;
        }

        return new SampleCall(
            AgentIndex: agent.Index,
            Start: start,
            TalkSeconds: talk,
            HoldSeconds: hold,
            AcwSeconds: acw,
            Transferred: rng.Chance(agent.TransferRate),
            HelpRequested: rng.Chance(agent.HelpRate),
            SurveyPushed: pushed,
            Answer: answer,
            CallerSuffix: rng.Next(100_000_000));
    }
}
