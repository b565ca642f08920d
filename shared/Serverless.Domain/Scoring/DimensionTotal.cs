namespace Serverless.Domain.Scoring;

/// <summary>One dimension's month: points earned, and points counted after the half cap and the dimension's cap (封顶).</summary>
public sealed record DimensionTotal(Dimension Dimension, decimal Earned, decimal Counted)
{
    public decimal NotCounted => Earned - Counted;
}
