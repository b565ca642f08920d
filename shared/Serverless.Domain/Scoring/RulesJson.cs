using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Domain.Scoring;

/// <summary>The serializer settings of rules files, and how a syntax error becomes a <see cref="RulesError"/>.</summary>
internal static class RulesJson
{
    // Strict on purpose: a misspelt property in a rules file must be an error, not a silently ignored default.
    public static readonly JsonSerializerOptions Options = Create(indented: false);

    public static readonly JsonSerializerOptions IndentedOptions = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowOutOfOrderMetadataProperties = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = indented,
    };

    public static RulesError ErrorOf(JsonException e, ReadOnlySpan<byte> utf8)
    {
        // JsonException positions are 0-based; people count lines from 1.
        var line = (int)(e.LineNumber ?? 0) + 1;
        var column = (int)(e.BytePositionInLine ?? 0) + 1;
        var path = e.Path?.TrimStart('$').TrimStart('.') ?? "";
        if (e.Message.Contains("type discriminator", StringComparison.Ordinal))
        {
            // The serializer reports an unknown kind after reading past it; point at the "kind" property itself.
            path += ".kind";
            (line, column) = JsonLineMap.Build(utf8).Find(path);
        }
        var message = e.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        if (path.EndsWith(".kind", StringComparison.Ordinal))
        {
            message += " Daily kinds: metric, efficiency, attendance, adherence, not-ready; monthly kinds: metric, full-attendance, satisfaction, push-rate, error-free.";
        }
        var where = path.Length > 0 ? $"at {path}: " : "";
        return new RulesError(line, column, path, where + message);
    }
}
