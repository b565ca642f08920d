namespace Serverless.Domain.Scoring;

/// <summary>Which peers a norm was taken over: department+specialty (同专业), department (部门) or the whole center (中心).</summary>
public enum PeerScope
{
    Group,
    Department,
    Center,
}
