namespace Serverless.Domain.Exports;

/// <summary>One work item done by an agent (the <c>workload</c> scheme's input).</summary>
public sealed record WorkItemRecord(string AgentId, DateOnly Date, string ItemCode, WorkItemRole Role, decimal Quantity);

/// <summary>单人 / 主要 / 次要.</summary>
public enum WorkItemRole
{
    Single,
    Primary,
    Secondary,
}
