using Microsoft.AspNetCore.Http.HttpResults;

namespace Serverless.Functions.Api;

/// <summary>RFC 7807 problems with a title and a message that says what was wrong and what to do.</summary>
public static class ApiProblem
{
    public static ProblemHttpResult NotFound(string detail) => Make(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemHttpResult Forbidden(string detail) => Make(StatusCodes.Status403Forbidden, "Not allowed for this caller", detail);

    public static ProblemHttpResult Conflict(string detail) => Make(StatusCodes.Status409Conflict, "Conflict", detail);

    /// <summary>409 with <c>Retry-After</c>: the same request can succeed once the work in progress has finished.</summary>
    public static ProblemHttpResult Busy(HttpResponse response, string detail, TimeSpan retryAfter)
    {
        response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Make(StatusCodes.Status409Conflict, "Busy, try again later", detail);
    }

    /// <summary>422: the request is well formed, but what is stored cannot give what it asks for until something else changes.</summary>
    public static ProblemHttpResult Unprocessable(string title, string detail) => Make(StatusCodes.Status422UnprocessableEntity, title, detail);

    public static ProblemHttpResult BadRequest(string detail) => Make(StatusCodes.Status400BadRequest, "Invalid request", detail);

    public static ProblemHttpResult TooLarge(string detail) => Make(StatusCodes.Status413PayloadTooLarge, "Request body too large", detail);

    /// <summary>Field errors as a validation problem (<c>errors</c>: field → messages).</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail ?? "One or more fields are invalid; see errors.", title: "Invalid request");

    public static ValidationProblem Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>409: a month with completeness gaps under the <c>wait</c> policy; <c>completeness</c> links the matrix, <c>gaps</c> lists them.</summary>
    public static ProblemHttpResult Incomplete(string detail, string completeness, IReadOnlyList<Serverless.Domain.Publishing.CompletenessGap> gaps) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Month incomplete",
            extensions: new Dictionary<string, object?> { ["completeness"] = completeness, ["gaps"] = gaps });

    private static ProblemHttpResult Make(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
