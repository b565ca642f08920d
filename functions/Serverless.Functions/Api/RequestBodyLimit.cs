using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Serverless.Functions.Api;

/// <summary>
/// A route's body limit. As <see cref="IRequestSizeLimitMetadata"/> it also sets the server's own limit (which stops
/// chunked bodies mid-stream); the middleware answers a declared oversize body at once with a problem that says the limit.
/// </summary>
public sealed record RequestBodyLimit(long MaxRequestBodySize) : IRequestSizeLimitMetadata
{
    public const long Default = 1024 * 1024;

    long? IRequestSizeLimitMetadata.MaxRequestBodySize => MaxRequestBodySize;
}

/// <summary>Applies each route's <see cref="RequestBodyLimit"/>.</summary>
public static class RequestBodyLimits
{
    /// <summary>Refuses a request whose Content-Length exceeds its route's limit before any of it is read.</summary>
    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimit>();
        if (limit is not null)
        {
            if (context.Request.ContentLength > limit.MaxRequestBodySize)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await ApiProblem.TooLarge($"The body has {context.Request.ContentLength} bytes; this route takes at most {limit.MaxRequestBodySize}. Split the request.")
                    .ExecuteAsync(context);
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit.MaxRequestBodySize;
        }
        await next(context);
    });
}
