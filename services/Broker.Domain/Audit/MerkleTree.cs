using System.Security.Cryptography;
using System.Text.Json;

namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// The Merkle tree hash of RFC 6962 (section 2.1, kept by RFC 9162): a leaf is hashed as SHA-256(0x00 || leaf),
/// an inner node as SHA-256(0x01 || left || right), and a list of n leaves splits at the largest power of two
/// below n. The prefixes keep a leaf from ever passing for an inner node (a second-preimage forgery).
/// </summary>
public static class MerkleTree
{
    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    /// <summary>The root over the heads in the order given (a checkpoint lists them sorted by chain name).</summary>
    public static string Root(IReadOnlyList<ChainPosition> heads) =>
        Convert.ToHexStringLower(TreeHash([.. heads.Select(h => LeafHash(Leaf(h)))]));

    private static byte[] TreeHash(ReadOnlySpan<byte[]> leafHashes)
    {
        if (leafHashes.Length == 0)
            return SHA256.HashData([]);
        if (leafHashes.Length == 1)
            return leafHashes[0];
        var split = 1;
        while (split * 2 < leafHashes.Length)
            split *= 2;
        return NodeHash(TreeHash(leafHashes[..split]), TreeHash(leafHashes[split..]));
    }

    private static byte[] LeafHash(byte[] leaf)
    {
        var input = new byte[1 + leaf.Length];
        input[0] = LeafPrefix;
        leaf.CopyTo(input, 1);
        return SHA256.HashData(input);
    }

    private static byte[] NodeHash(byte[] left, byte[] right)
    {
        var input = new byte[1 + left.Length + right.Length];
        input[0] = NodePrefix;
        left.CopyTo(input, 1);
        right.CopyTo(input, 1 + left.Length);
        return SHA256.HashData(input);
    }

    /// <summary>A leaf's bytes: the JSON array [chain, seq, hash], unambiguous whatever a chain's name holds.</summary>
    private static byte[] Leaf(ChainPosition head)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            head.WriteTo(writer);
        return buffer.ToArray();
    }
}
