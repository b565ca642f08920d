using System.Buffers.Binary;
using System.Text;

namespace Serverless.Domain.Exports;

/// <summary>Per-agent state keyed by agent id, looked up from the id's UTF-8 bytes: the id string is created once per agent, not per row.</summary>
/// <remarks>An open-addressing table over the id bytes (valid UTF-8 maps one-to-one to strings, so bytes are as good a key):
/// a lookup hashes the few bytes of the id and compares them with the stored copy, with no transcoding to chars.</remarks>
internal sealed class AgentTable<TValue>
    where TValue : class
{
    /// <summary>Longer ids are bad values; the bound keeps the lookup on the stack.</summary>
    public const int MaxIdBytes = 64;

    private Entry[] entries = new Entry[16];
    private int[] buckets = new int[32]; // entry index + 1; 0 = empty. Kept at most half full.
    private int count;
    // Exports are often grouped by agent: the previous row's agent is checked first.
    private Entry? last;

    // Ids of 1-8 bytes (nearly all: A000123) are also found by their bytes packed into one word: a multiply, a compare,
    // no byte loop and no pointer to the entry. 0 = empty (a valid id has no 0 byte, so zero padding is unambiguous).
    private static readonly ulong Multiplier = ByteHash.Finish((ulong)Random.Shared.NextInt64()) | 1;
    private ulong[] shortKeys = new ulong[64];
    private TValue[] shortValues = new TValue[64];
    private int shortShift = 64 - 6;
    private int shortCount;
    private ulong lastShortKey;
    private TValue? lastShortValue;

    public int Count => count;

    public IEnumerable<KeyValuePair<string, TValue>> Entries
    {
        get
        {
            for (var i = 0; i < count; i++)
            {
                yield return new(entries[i].Id, entries[i].Value);
            }
        }
    }

    /// <summary>The agent's value, created (with its interned id) on first sight. The id must be valid UTF-8 of at most <see cref="MaxIdBytes"/>.</summary>
    public TValue GetOrAdd(ReadOnlySpan<byte> id, Func<string, TValue> create)
    {
        if ((uint)(id.Length - 1) < 8)
        {
            var key = Pack(id);
            if (key == lastShortKey)
            {
                return lastShortValue!;
            }
            var keys = shortKeys;
            var mask = keys.Length - 1;
            var slot = (int)((key * Multiplier) >> shortShift);
            while (true)
            {
                var k = keys[slot];
                if (k == key)
                {
                    lastShortKey = key;
                    return lastShortValue = shortValues[slot];
                }
                if (k == 0)
                {
                    break;
                }
                slot = (slot + 1) & mask;
            }
            var value = GetOrAddBytes(id, create);
            keys[slot] = key;
            shortValues[slot] = value;
            if (++shortCount * 2 > keys.Length)
            {
                GrowShort();
            }
            lastShortKey = key;
            return lastShortValue = value;
        }
        return GetOrAddBytes(id, create);
    }

    /// <summary>The agent's value if the agent was added before; null otherwise (the id need not be valid). Callers check
    /// an id before adding it, so a hit also says the id is a valid one: the row readers look up first and check only
    /// ids they have not seen, instead of checking the same few thousand ids on every row.</summary>
    public TValue? Find(ReadOnlySpan<byte> id)
    {
        if ((uint)(id.Length - 1) < 8)
        {
            // Packed, an id ending in 0 bytes looks like the shorter id without them; it is not a valid id (0 is a
            // control character), so it is never in the table and must not be found as that shorter one.
            if (id[^1] == 0)
            {
                return null;
            }
            // Only reads: remembering the last value, as GetOrAdd does, is a reference store with its GC write barrier
            // on every row whose agent differs from the previous row's, dearer than the probe it would save.
            var key = Pack(id);
            var keys = shortKeys;
            var mask = keys.Length - 1;
            var slot = (int)((key * Multiplier) >> shortShift);
            while (true)
            {
                var k = keys[slot];
                if (k == key)
                {
                    return shortValues[slot];
                }
                if (k == 0)
                {
                    return null;
                }
                slot = (slot + 1) & mask;
            }
        }
        if (id.IsEmpty || id.Length > MaxIdBytes)
        {
            return null;
        }
        if (last is not null && id.SequenceEqual(last.Bytes))
        {
            return last.Value;
        }
        var index = buckets[Find(id, (uint)ByteHash.Hash64(id))];
        return index == 0 ? null : (last = entries[index - 1]).Value;
    }

    // The bytes of an id of 1-8 bytes as one little-endian word, zero above them.
    private static ulong Pack(ReadOnlySpan<byte> id)
    {
        var n = id.Length;
        if (n >= 4)
        {
            // Two overlapping reads; where they overlap they hold the same bytes at the same places.
            return BinaryPrimitives.ReadUInt32LittleEndian(id) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(id[(n - 4)..]) << ((n - 4) * 8));
        }
        return n >= 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(id) | ((ulong)BinaryPrimitives.ReadUInt16LittleEndian(id[(n - 2)..]) << ((n - 2) * 8))
            : id[0];
    }

    private void GrowShort()
    {
        var oldKeys = shortKeys;
        var oldValues = shortValues;
        shortKeys = new ulong[oldKeys.Length * 2];
        shortValues = new TValue[oldKeys.Length * 2];
        shortShift--;
        var mask = shortKeys.Length - 1;
        for (var i = 0; i < oldKeys.Length; i++)
        {
            if (oldKeys[i] != 0)
            {
                var slot = (int)((oldKeys[i] * Multiplier) >> shortShift);
                while (shortKeys[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }
                shortKeys[slot] = oldKeys[i];
                shortValues[slot] = oldValues[i];
            }
        }
    }

    private TValue GetOrAddBytes(ReadOnlySpan<byte> id, Func<string, TValue> create)
    {
        if (last is not null && id.SequenceEqual(last.Bytes))
        {
            return last.Value;
        }
        var hash = (uint)ByteHash.Hash64(id);
        var slot = Find(id, hash);
        if (buckets[slot] != 0)
        {
            last = entries[buckets[slot] - 1];
            return last.Value;
        }
        var key = Encoding.UTF8.GetString(id);
        var entry = new Entry(id.ToArray(), hash, key, create(key));
        if (count == entries.Length)
        {
            Array.Resize(ref entries, count * 2);
        }
        entries[count++] = entry;
        buckets[slot] = count;
        if (count * 2 > buckets.Length)
        {
            Rehash();
        }
        last = entry;
        return entry.Value;
    }

    /// <summary>Whether the agent has been seen.</summary>
    public bool Contains(ReadOnlySpan<byte> id) => buckets[Find(id, (uint)ByteHash.Hash64(id))] != 0;

    // The bucket holding the id, or the empty bucket where it would go.
    private int Find(ReadOnlySpan<byte> id, uint hash)
    {
        var mask = buckets.Length - 1;
        var slot = (int)hash & mask;
        while (true)
        {
            var index = buckets[slot];
            if (index == 0)
            {
                return slot;
            }
            var entry = entries[index - 1];
            if (entry.Hash == hash && id.SequenceEqual(entry.Bytes))
            {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void Rehash()
    {
        buckets = new int[buckets.Length * 2];
        var mask = buckets.Length - 1;
        for (var i = 0; i < count; i++)
        {
            var slot = (int)entries[i].Hash & mask;
            while (buckets[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            buckets[slot] = i + 1;
        }
    }

    private sealed class Entry(byte[] bytes, uint hash, string id, TValue value)
    {
        public readonly byte[] Bytes = bytes;
        public readonly uint Hash = hash;
        public readonly string Id = id;
        public readonly TValue Value = value;
    }
}
