using System.Text;
using Serverless.Domain.Exports;

namespace Serverless.Domain.Tests.Exports;

/// <summary>The call-id set against a plain <see cref="HashSet{T}"/>: its packed forms, prefix maps, the fast path for
/// an id with the previous id's prefix, and the move to the flat table must never tell a new id from a repeated one
/// differently.</summary>
public sealed class CallIdSetTests
{
    // Characters that pack ('-' to ':' and space) and some that do not (letters, '_', tab, non-ASCII).
    private const string Packing = "0123456789-.:/ ";
    private const string NotPacking = "a_Z\t\u00e9";

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)] // random prefixes first: the set moves to its flat table early
    public void Agrees_with_a_hash_set_on_ids_that_share_prefixes(int seed, bool randomFirst)
    {
        var random = new Random(seed);
        var set = new CallIdSet(0);
        var reference = new HashSet<string>(StringComparer.Ordinal);
        var seen = new List<string>();
        var adds = 0;

        void Add(string id)
        {
            var bytes = Encoding.UTF8.GetBytes(id);
            Assert.True(reference.Add(id) == set.Add(bytes), $"add #{adds} of '{id}'");
            seen.Add(id);
            adds++;
        }

        if (randomFirst)
        {
            for (var i = 0; i < 20_000; i++)
            {
                Add(random.NextInt64(1, 10_000_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        for (var run = 0; run < 3_000; run++)
        {
            // A prefix of 6-16 characters, then ids under it: its last two characters mostly serial digits, now and
            // then anything (packing or not), and now and then an id seen before or one of another length.
            // Half of them like serial numbers, which differ from the previous prefix only in their last characters.
            var prefix = random.Next(2) == 0
                ? $"2025030{random.Next(2)}-{random.Next(3_000):0000}"
                : new string([.. Enumerable.Range(0, random.Next(6, 17)).Select(_ => Packing[random.Next(random.Next(3) == 0 ? Packing.Length : 10)])]);
            for (var i = random.Next(100); i < 100; i++)
            {
                var tail = random.Next(8) switch
                {
                    0 => $"{Pick(random)}{Pick(random)}",
                    1 => "",
                    _ => i.ToString("00", System.Globalization.CultureInfo.InvariantCulture),
                };
                Add(prefix + tail);
                if (random.Next(20) == 0)
                {
                    Add(seen[random.Next(seen.Count)]);
                }
            }
        }
        Assert.Equal(reference.Count, set.Count);
    }

    private static char Pick(Random random) =>
        random.Next(4) == 0 ? NotPacking[random.Next(NotPacking.Length)] : Packing[random.Next(Packing.Length)];
}
