using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Functions.Invocations;

/// <summary>How invocation payloads and queue messages are (de)serialised: case-insensitive in, as declared out.</summary>
public static class PayloadJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static readonly JsonSerializerOptions Messages = new(JsonSerializerDefaults.Web);
}
