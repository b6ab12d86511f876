using System.Buffers.Binary;
using System.Security.Cryptography;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// Where a chain's subject index keeps a position: in buckets that each stay a listpack (Redis's compact hash:
/// at most 128 fields of at most 64 bytes by default), about 25 B an entry rather than the ~72 B of one hashtable
/// per chain. Position p belongs to generation k, the smallest with p &lt;= size·2^k; generation k has 2^k buckets,
/// so each holds about size/2 positions however long the chain grows, and a subject's bucket in it is chosen by
/// the bits of its field's SHA-256. A position's key depends only on the position and the field, so a fold that
/// crosses a generation boundary writes each position where every reader looks for it. The size and the bucket
/// function are part of the stored format: changing either hides what is already indexed.
/// </summary>
public static class RedisSubjectIndex
{
    /// <summary>Positions per generation-0 bucket: within hash-max-listpack-entries' default of 128.</summary>
    public const int GenerationSize = 128;

    /// <summary>The smallest k with <paramref name="position"/> &lt;= size·2^k.</summary>
    public static int GenerationOf(long position, int size)
    {
        var generation = 0;
        while (generation < 62 && position > (long)size << generation)
            generation++;
        return generation;
    }

    /// <summary>The bucket key of <paramref name="field"/> in generation <paramref name="generation"/>.</summary>
    public static RedisKey KeyOf(string chain, byte[] field, int generation)
    {
        var bits = BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(field));
        return RedisKeys.SubjectBucketOf(chain, generation, (long)(bits & ((1UL << generation) - 1)));
    }

    /// <summary>A position as a base-128 varint (low 7 bits first, a high bit on every byte but the last): a bucket's value is these bytes one after another.</summary>
    public static byte[] Encode(long position)
    {
        var bytes = new List<byte>(4);
        var rest = (ulong)position;
        while (rest >= 0x80)
        {
            bytes.Add((byte)(rest | 0x80));
            rest >>= 7;
        }
        bytes.Add((byte)rest);
        return [.. bytes];
    }

    /// <summary>The positions a bucket's value holds, in the order they were appended.</summary>
    public static IEnumerable<long> Decode(byte[] value)
    {
        ulong position = 0;
        var shift = 0;
        foreach (var b in value)
        {
            position |= (ulong)(b & 0x7F) << shift;
            shift += 7;
            if (b < 0x80)
            {
                yield return (long)position;
                position = 0;
                shift = 0;
            }
        }
    }
}
