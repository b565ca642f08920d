using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http.Metadata;

namespace Serverless.Functions.Api;

/// <summary>
/// What a request the handler cannot read gets: a 4xx problem saying what was wrong, never a 500. Malformed JSON, a body
/// of the wrong JSON type, a query value that does not parse, a missing body or the wrong content type are the caller's
/// to fix, and are answered the same in every environment.
/// </summary>
/// <remarks>
/// ASP.NET Core's minimal APIs report such requests as <see cref="BadHttpRequestException"/>s (with their 400, 413 or 415);
/// left alone they either reach the exception handler as a 500 (Development, where <c>ThrowOnBadRequest</c> is on) or
/// answer a bare status without a body. Both here always throw, and the exception handler turns them into problems with
/// their own status, without logging a client's mistake as a server error. Storage that does not answer is a 503 problem
/// with Retry-After (<see cref="StorageUnavailable"/>). Anything else stays a 500 problem without details.
/// </remarks>
public static class ApiErrors
{
    /// <summary>A problem's detail quotes at most this much of the framework's message (it may echo the caller's value).</summary>
    public const int MaxDetailLength = 300;

    public static IServiceCollection AddApiErrors(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.Exception is BadHttpRequestException bad)
            {
                context.ProblemDetails.Title = bad.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => "Request body too large",
                    StatusCodes.Status415UnsupportedMediaType => "Unsupported content type",
                    _ => "Invalid request",
                };
                context.ProblemDetails.Detail = Quote(bad.Message);
            }
            else if (context.Exception is { } error && StorageUnavailable(error))
            {
                context.ProblemDetails.Title = "Storage unavailable";
                context.ProblemDetails.Detail = $"The app's storage did not answer, so the request could not be completed; try again in {StorageRetryAfterSeconds} s.";
                context.HttpContext.Response.Headers.RetryAfter = StorageRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                // One line for an outage the caller retries (the exception handler's own log is suppressed for it).
                var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Serverless.Functions.Api");
                var request = context.HttpContext.Request;
                Log.RequestStorageFault(logger, request.Method, request.Path.ToString(), StorageFaults.Describe(error) ?? "unavailable");
                Log.RequestStorageFaultDetail(logger, request.Method, request.Path.ToString(), error);
            }
        });
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // After the default writer, which writes only for clients that accept JSON: a client asking for text/csv (a
        // ranking file) still gets its problem, as application/problem+json, instead of an empty error.
        services.AddSingleton<IProblemDetailsWriter, AnyClientProblemWriter>();
        return services;
    }

    /// <summary>Writes a problem as <c>application/problem+json</c> whatever the request's <c>Accept</c> says.</summary>
    private sealed class AnyClientProblemWriter : IProblemDetailsWriter
    {
        public bool CanWrite(ProblemDetailsContext context) => true;

        public ValueTask WriteAsync(ProblemDetailsContext context) =>
            new(context.HttpContext.Response.WriteAsJsonAsync(context.ProblemDetails, ProblemJson, "application/problem+json"));

        private static readonly System.Text.Json.JsonSerializerOptions ProblemJson = new(System.Text.Json.JsonSerializerDefaults.Web);
    }

    /// <summary>The Retry-After of a 503 answered while storage is unavailable.</summary>
    public const int StorageRetryAfterSeconds = 30;

    /// <summary>
    /// A storage outage rather than a bug: the service answered 5xx or could not be reached (status 0), after the SDK's own
    /// retries (which throw an <see cref="AggregateException"/> of them when every try failed to connect). HR gets a 503
    /// with Retry-After, which says "the same call again later", instead of a 500.
    /// </summary>
    public static bool StorageUnavailable(Exception error) => error switch
    {
        Azure.RequestFailedException failed => failed.Status is 0 or >= 500,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(StorageUnavailable),
        _ => false,
    };

    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = error => error is BadHttpRequestException bad ? bad.StatusCode
                : StorageUnavailable(error) ? StatusCodes.Status503ServiceUnavailable
                : StatusCodes.Status500InternalServerError,
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException || StorageUnavailable(context.Exception),
        });
        return app.UseJsonCharsetCheck();
    }

    /// <summary>
    /// A JSON body is UTF-8 (RFC 8259): a route that reads JSON refuses any other declared charset with 415 before its
    /// body is bound (the framework would fail on an unknown charset as a server error).
    /// </summary>
    private static IApplicationBuilder UseJsonCharsetCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var contentType = context.Request.ContentType;
        if (contentType is not null && context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is not null
            && MediaTypeHeaderValue.TryParse(contentType, out var media) && media.CharSet is { } charset
            && !charset.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Trim('"').Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type",
                detail: $"JSON bodies are UTF-8; this one declares charset {Quote(charset)}. Send Content-Type: application/json (or charset=utf-8).").ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    private static string Quote(string text)
    {
        var clean = string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c));
        return clean.Length <= MaxDetailLength ? clean : string.Concat(clean.AsSpan(0, MaxDetailLength), "…");
    }
}
