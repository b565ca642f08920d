namespace Serverless.Domain.Exports;

/// <summary>An exact set of byte strings that copies each new key into one growing arena: no allocation per key.</summary>
/// <remarks>A <c>HashSet&lt;string&gt;</c> would create a string for every call of a million-row file just to detect the rare duplicate.
/// Each bucket packs 32 bits of the key's hash with the key's place in the arena (where a 7-bit varint length precedes
/// its bytes), so a probe touches one cache line unless the hashes match, and a key costs its bytes + 1 plus one bucket.</remarks>
internal sealed class Utf8KeySet
{
    private const int MinBuckets = 1 << 10;
    private byte[] arena;
    private int arenaUsed;
    private ulong[] buckets; // hash << 32 | (arena offset + 1); 0 = empty. Kept at most 3/4 full.
    private int count;

    /// <param name="expected">How many keys the caller expects (a hint: the set grows past it).</param>
    public Utf8KeySet(int expected = 0)
    {
        buckets = new ulong[CallIdSet.SlotsFor(expected, MinBuckets)];
        arena = new byte[Math.Max(1 << 12, Math.Min(expected, 1 << 20) * 16)];
    }

    public int Count => count;

    /// <summary>Adds the key; false when it was already there.</summary>
    public bool Add(ReadOnlySpan<byte> key)
    {
        var hash = (uint)ByteHash.Hash64(key);
        var mask = buckets.Length - 1;
        var slot = (int)hash & mask;
        while (true)
        {
            var bucket = buckets[slot];
            if (bucket == 0)
            {
                break;
            }
            if ((uint)(bucket >> 32) == hash && key.SequenceEqual(Stored((int)(uint)bucket - 1)))
            {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        var needed = (long)arenaUsed + 5 + key.Length;
        if (needed > arena.Length)
        {
            Array.Resize(ref arena, (int)Math.Min(Array.MaxLength, Math.Max((long)arena.Length * 2, needed)));
        }
        var offset = arenaUsed;
        var length = (uint)key.Length;
        while (length >= 0x80)
        {
            arena[arenaUsed++] = (byte)(length | 0x80);
            length >>= 7;
        }
        arena[arenaUsed++] = (byte)length;
        key.CopyTo(arena.AsSpan(arenaUsed));
        arenaUsed += key.Length;
        count++;
        buckets[slot] = ((ulong)hash << 32) | (uint)(offset + 1);
        if (count * 4L > buckets.Length * 3L)
        {
            Grow();
        }
        return true;
    }

    private ReadOnlySpan<byte> Stored(int offset)
    {
        var length = 0;
        var shift = 0;
        byte b;
        do
        {
            b = arena[offset++];
            length |= (b & 0x7F) << shift;
            shift += 7;
        }
        while (b >= 0x80);
        return arena.AsSpan(offset, length);
    }

    private void Grow()
    {
        var old = buckets;
        buckets = new ulong[old.Length * 2];
        var mask = buckets.Length - 1;
        foreach (var bucket in old)
        {
            if (bucket == 0)
            {
                continue;
            }
            var slot = (int)(bucket >> 32) & mask;
            while (buckets[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            buckets[slot] = bucket;
        }
    }
}
