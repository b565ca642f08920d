namespace Serverless.Domain.Exports;

/// <summary>A set of byte strings (call ids) that copies each new key into one growing arena: no allocation per key.</summary>
/// <remarks>A <c>HashSet&lt;string&gt;</c> would create a string for every call of a million-row file just to detect the rare duplicate.
/// Each bucket packs the key's hash with its entry number, so a probe touches one cache line unless the hashes match.</remarks>
internal sealed class Utf8KeySet
{
    private byte[] arena = new byte[1 << 16];
    private int arenaUsed;
    private (int Offset, int Length)[] entries = new (int, int)[1 << 12];
    private ulong[] buckets = new ulong[1 << 13]; // hash << 32 | (entry + 1); 0 = empty. Kept at most half full.
    private int count;

    public int Count => count;

    /// <summary>Adds the key; false when it was already there.</summary>
    public bool Add(ReadOnlySpan<byte> key)
    {
        var hash = Hash(key);
        var mask = buckets.Length - 1;
        var slot = (int)hash & mask;
        while (true)
        {
            var bucket = buckets[slot];
            if (bucket == 0)
            {
                break;
            }
            if ((uint)(bucket >> 32) == hash)
            {
                var (offset, length) = entries[(int)(uint)bucket - 1];
                if (key.SequenceEqual(arena.AsSpan(offset, length)))
                {
                    return false;
                }
            }
            slot = (slot + 1) & mask;
        }
        if (arenaUsed + key.Length > arena.Length)
        {
            Array.Resize(ref arena, (int)Math.Min(Array.MaxLength, Math.Max((long)arena.Length * 2, (long)arenaUsed + key.Length)));
        }
        key.CopyTo(arena.AsSpan(arenaUsed));
        if (count == entries.Length)
        {
            Array.Resize(ref entries, count * 2);
        }
        entries[count] = (arenaUsed, key.Length);
        arenaUsed += key.Length;
        count++;
        buckets[slot] = ((ulong)hash << 32) | (uint)count;
        if (count * 2 > buckets.Length)
        {
            Grow();
        }
        return true;
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

    private static uint Hash(ReadOnlySpan<byte> key)
    {
        var h = new HashCode();
        h.AddBytes(key);
        return (uint)h.ToHashCode();
    }
}
