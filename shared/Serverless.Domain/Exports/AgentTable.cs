using System.Text;

namespace Serverless.Domain.Exports;

/// <summary>Per-agent state keyed by agent id, looked up from the id's UTF-8 bytes: the id string is created once per agent, not per row.</summary>
internal sealed class AgentTable<TValue>
    where TValue : class
{
    /// <summary>Longer ids are bad values; the bound keeps the lookup on the stack.</summary>
    public const int MaxIdBytes = 64;

    private readonly Dictionary<string, TValue> values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TValue>.AlternateLookup<ReadOnlySpan<char>> lookup;
    // Exports are often grouped by agent: the previous row's agent is checked first, by bytes.
    private readonly byte[] lastId = new byte[MaxIdBytes];
    private int lastLength = -1;
    private TValue? last;

    public AgentTable() => lookup = values.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => values.Count;

    public IEnumerable<KeyValuePair<string, TValue>> Entries => values;

    /// <summary>The agent's value, created (with its interned id) on first sight. The id must be valid UTF-8 of at most <see cref="MaxIdBytes"/>.</summary>
    public TValue GetOrAdd(ReadOnlySpan<byte> id, Func<string, TValue> create)
    {
        if (last is not null && id.SequenceEqual(lastId.AsSpan(0, lastLength)))
        {
            return last;
        }
        Span<char> chars = stackalloc char[MaxIdBytes];
        var n = Encoding.UTF8.GetChars(id, chars);
        if (!lookup.TryGetValue(chars[..n], out var value))
        {
            var key = new string(chars[..n]);
            value = create(key);
            values.Add(key, value);
        }
        id.CopyTo(lastId);
        lastLength = id.Length;
        last = value;
        return value;
    }

    /// <summary>Whether the agent has been seen.</summary>
    public bool Contains(ReadOnlySpan<byte> id)
    {
        Span<char> chars = stackalloc char[MaxIdBytes];
        var n = Encoding.UTF8.GetChars(id, chars);
        return lookup.ContainsKey(chars[..n]);
    }
}
