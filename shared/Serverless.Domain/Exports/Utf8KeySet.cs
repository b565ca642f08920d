namespace Serverless.Domain.Exports;

/// <summary>A set of byte strings (call ids) that copies each new key into one growing arena: no allocation per key.</summary>
/// <remarks>A <c>HashSet&lt;string&gt;</c> would create a string for every call of a million-row file just to detect the rare duplicate.</remarks>
internal sealed class Utf8KeySet
{
    private byte[] arena = new byte[1 << 16];
    private int arenaUsed;
    private Entry[] entries = new Entry[1 << 10];
    private int[] buckets = new int[1 << 11]; // entry index + 1; 0 = empty. Kept at most half full.
    private int count;

    public int Count => count;

    /// <summary>Adds the key; false when it was already there.</summary>
    public bool Add(ReadOnlySpan<byte> key)
    {
        var hash = Hash(key);
        var mask = buckets.Length - 1;
        var slot = hash & mask;
        while (true)
        {
            var index = buckets[slot] - 1;
            if (index < 0)
            {
                break;
            }
            ref readonly var e = ref entries[index];
            if (e.Hash == hash && key.SequenceEqual(arena.AsSpan(e.Offset, e.Length)))
            {
                return false;
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
        entries[count] = new Entry(hash, arenaUsed, key.Length);
        arenaUsed += key.Length;
        buckets[slot] = ++count;
        if (count * 2 > buckets.Length)
        {
            Rehash();
        }
        return true;
    }

    private void Rehash()
    {
        buckets = new int[buckets.Length * 2];
        var mask = buckets.Length - 1;
        for (var i = 0; i < count; i++)
        {
            var slot = entries[i].Hash & mask;
            while (buckets[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            buckets[slot] = i + 1;
        }
    }

    private static int Hash(ReadOnlySpan<byte> key)
    {
        var h = new HashCode();
        h.AddBytes(key);
        return h.ToHashCode() & int.MaxValue;
    }

    private readonly record struct Entry(int Hash, int Offset, int Length);
}
