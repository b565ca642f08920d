namespace Serverless.Samples;

/// <summary>
/// Which independent random stream a value comes from. Each file draws from its own streams,
/// so a day's calls are the same bytes whether the tree has 1 day or 30, and in any order.
/// </summary>
internal enum SampleStream
{
    Roster = 1,
    Profile,
    Leave,
    Calls,
    CenterVolume,
    AgentTime,
    Quality,
    Awards,
    CallsRows,
}
