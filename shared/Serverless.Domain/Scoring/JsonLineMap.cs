using System.Text.Json;

namespace Serverless.Domain.Scoring;

/// <summary>
/// Where each property and array element of a JSON text starts, by path ("daily[2].points").
/// Deserialized records forget positions, so semantic errors find their line here.
/// </summary>
internal sealed class JsonLineMap
{
    private readonly Dictionary<string, (int Line, int Column)> positions;

    private JsonLineMap(Dictionary<string, (int Line, int Column)> positions) => this.positions = positions;

    public static JsonLineMap Build(ReadOnlySpan<byte> utf8)
    {
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n') lineStarts.Add(i + 1);
        }

        var map = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var frames = new Stack<Frame>();
        var propertyPath = "";
        while (reader.Read())
        {
            var at = Position(lineStarts, (int)reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var parent = frames.Count > 0 ? frames.Peek().Path : "";
                    var name = reader.GetString() ?? "";
                    propertyPath = parent.Length == 0 ? name : parent + "." + name;
                    map.TryAdd(propertyPath, at);
                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    var path = ValuePath(frames, propertyPath, map, at);
                    frames.Push(new Frame(path, reader.TokenType == JsonTokenType.StartArray));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    frames.Pop();
                    break;
                default:
                    ValuePath(frames, propertyPath, map, at);
                    break;
            }
        }
        return new JsonLineMap(map);
    }

    /// <summary>The position of <paramref name="path"/>, or of its nearest enclosing path that has one.</summary>
    public (int Line, int Column) Find(string path)
    {
        while (true)
        {
            if (positions.TryGetValue(path, out var at)) return at;
            if (path.Length == 0) return (1, 1);
            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            path = cut < 0 ? "" : path[..cut];
        }
    }

    private static string ValuePath(Stack<Frame> frames, string propertyPath, Dictionary<string, (int, int)> map, (int, int) at)
    {
        if (frames.Count == 0) return "";
        var top = frames.Peek();
        if (!top.IsArray) return propertyPath;
        var path = $"{top.Path}[{top.Index++}]";
        map.TryAdd(path, at);
        return path;
    }

    private static (int Line, int Column) Position(List<int> lineStarts, int offset)
    {
        var index = lineStarts.BinarySearch(offset);
        if (index < 0) index = ~index - 1;
        return (index + 1, offset - lineStarts[index] + 1);
    }

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;
        public bool IsArray { get; } = isArray;
        public int Index { get; set; }
    }
}
