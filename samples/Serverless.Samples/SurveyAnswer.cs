namespace Serverless.Samples;

/// <summary>The customer's satisfaction answer (满意度评价) to a pushed survey; most pushed surveys go unanswered.</summary>
internal enum SurveyAnswer : byte
{
    None,
    Satisfied,
    Neutral,
    Dissatisfied,
}
