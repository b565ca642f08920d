namespace Serverless.Domain.Scoring;

/// <summary>One thing wrong with a rules file (规则文件错误), at a 1-based line and column (0 when not from a file).</summary>
public sealed record RulesError(int Line, int Column, string Path, string Message)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Message}" : Message;
}
