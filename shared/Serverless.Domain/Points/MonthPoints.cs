using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;

namespace Serverless.Domain.Points;

/// <summary>One month of a points statement: totals by dimension, the month's counted points, cumulative and stars after it.</summary>
public sealed record MonthPoints(YearMonth Month, bool Closed, IReadOnlyList<DimensionTotal> Dimensions, decimal Points, decimal CumulativeAfter, int Stars);
