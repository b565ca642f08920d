using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Serverless.EndToEnd.Tests.Infra;

/// <summary>
/// Just enough of the ARM template language to read a compiled Bicep template as deployed: literals, <c>parameters</c>,
/// <c>variables</c>, <c>format</c>, <c>string</c>, property access and indexing. Anything else (<c>reference</c>,
/// <c>resourceId</c>, …) stays an <see cref="Opaque"/> value holding its text, with any property path appended, so a
/// check can still see what it refers to.
/// </summary>
public sealed class ArmScope(JsonObject template, Func<string, JsonNode?> parameterValue)
{
    public JsonObject Template { get; } = template;

    /// <summary>A value as the deployment would see it: JSON literals stay, expression strings are evaluated.</summary>
    public JsonNode? Resolve(JsonNode? value) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) && IsExpression(s) => Detached(Evaluate(s[1..^1])),
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Detached(Resolve(p.Value))))),
        JsonArray a => new JsonArray(a.Select(x => Detached(Resolve(x))).ToArray()),
        null => null,
        _ => value.DeepClone(),
    };

    private static JsonNode? Detached(JsonNode? node) => node?.Parent is null ? node : node.DeepClone();

    public string? Text(JsonNode? value) => Resolve(value) switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        null => null,
        var other => other.ToJsonString(),
    };

    public static bool IsExpression(string s) => s.Length > 1 && s[0] == '[' && s[^1] == ']' && !s.StartsWith("[[", StringComparison.Ordinal);

    public static string? OpaqueText(JsonNode? value) => value is JsonValue v && v.TryGetValue<string>(out var s) && s.StartsWith(Opaque.Prefix, StringComparison.Ordinal) ? s[Opaque.Prefix.Length..] : null;

    private JsonNode? Evaluate(string expression)
    {
        var parser = new Parser(expression, this);
        var result = parser.ParseExpression();
        return result;
    }

    internal JsonNode? Call(string name, IReadOnlyList<JsonNode?> args, string text)
    {
        switch (name.ToLowerInvariant())
        {
            case "parameters":
                return parameterValue(Str(args[0]));
            case "variables":
                return Resolve(Template["variables"]?[Str(args[0])]);
            case "format":
                var format = Str(args[0]);
                var values = args.Skip(1).Select(a => (object)(a is JsonValue v && v.TryGetValue<string>(out var s) ? StripOpaque(s) : a?.ToJsonString() ?? "")).ToArray();
                var formatted = string.Format(CultureInfo.InvariantCulture, format, values);
                return args.Skip(1).Any(a => OpaqueText(a) is not null) ? Opaque.Of(formatted) : JsonValue.Create(formatted);
            case "string":
                return args[0] is JsonValue sv && sv.TryGetValue<string>(out var str) ? JsonValue.Create(str) : JsonValue.Create(args[0]?.ToJsonString());
            default:
                return Opaque.Of(text);
        }
    }

    private static string StripOpaque(string s) => s.StartsWith(Opaque.Prefix, StringComparison.Ordinal) ? s[Opaque.Prefix.Length..] : s;

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FormatException($"Expected a string, got {node?.ToJsonString()}.");

    /// <summary>A value only a deployment knows (<c>reference(…)</c>, <c>resourceId(…)</c>): its expression text.</summary>
    public static class Opaque
    {
        public const string Prefix = "\u0001opaque:";

        public static JsonNode Of(string text) => JsonValue.Create(Prefix + text);
    }

    private sealed class Parser(string text, ArmScope scope)
    {
        private int position;

        public JsonNode? ParseExpression()
        {
            var start = position;
            var value = ParsePrimary();
            while (true)
            {
                SkipSpace();
                if (Peek('.'))
                {
                    position++;
                    var property = Identifier();
                    value = OpaqueText(value) is { } o ? Opaque.Of(o + "." + property) : value?[property] ?? (value is null ? null : value is JsonObject obj && obj.TryGetPropertyValue(property, out var p) ? p : null);
                }
                else if (Peek('['))
                {
                    position++;
                    var index = ParseExpression();
                    SkipSpace();
                    Expect(']');
                    if (OpaqueText(value) is { } o)
                    {
                        value = Opaque.Of($"{o}[{index?.ToJsonString()}]");
                    }
                    else if (value is JsonArray array && index is JsonValue iv && iv.TryGetValue<int>(out var i))
                    {
                        value = array[i]?.DeepClone();
                    }
                    else if (value is JsonObject obj && index is JsonValue kv && kv.TryGetValue<string>(out var key))
                    {
                        value = obj[key]?.DeepClone();
                    }
                    else
                    {
                        value = Opaque.Of(text[start..position]);
                    }
                }
                else
                {
                    return value;
                }
            }
        }

        private JsonNode? ParsePrimary()
        {
            SkipSpace();
            var start = position;
            if (Peek('\''))
            {
                position++;
                var sb = new StringBuilder();
                while (true)
                {
                    if (position >= text.Length) throw new FormatException($"Unterminated string in '{text}'.");
                    var c = text[position++];
                    if (c == '\'')
                    {
                        if (Peek('\'')) { sb.Append('\''); position++; continue; }
                        break;
                    }
                    sb.Append(c);
                }
                return JsonValue.Create(sb.ToString());
            }
            if (char.IsDigit(text[position]) || text[position] == '-')
            {
                while (position < text.Length && (char.IsDigit(text[position]) || text[position] == '-')) position++;
                return JsonValue.Create(int.Parse(text[start..position], CultureInfo.InvariantCulture));
            }
            var name = Identifier();
            SkipSpace();
            Expect('(');
            var args = new List<JsonNode?>();
            SkipSpace();
            if (!Peek(')'))
            {
                while (true)
                {
                    args.Add(ParseExpression());
                    SkipSpace();
                    if (Peek(',')) { position++; continue; }
                    break;
                }
            }
            Expect(')');
            return scope.Call(name, args, text[start..position]);
        }

        private string Identifier()
        {
            SkipSpace();
            var start = position;
            while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] is '_' or '$')) position++;
            if (position == start) throw new FormatException($"Expected a name at {position} in '{text}'.");
            return text[start..position];
        }

        private bool Peek(char c) => position < text.Length && text[position] == c;

        private void Expect(char c)
        {
            SkipSpace();
            if (!Peek(c)) throw new FormatException($"Expected '{c}' at {position} in '{text}'.");
            position++;
        }

        private void SkipSpace()
        {
            while (position < text.Length && text[position] == ' ') position++;
        }
    }
}
