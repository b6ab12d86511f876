using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// Keys checkpoints and the chains' heads with HMAC-SHA256. The key comes from configuration and never
/// lives beside the chains, so whoever can rewrite the store cannot re-seal a rewritten chain.
/// </summary>
public sealed class AuditSeal
{
    public const int KeySize = 32;
    private readonly byte[] _key;

    public AuditSeal(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
            throw new ArgumentException($"The checkpoint key must be {KeySize} bytes; it is {key.Length}.", nameof(key));
        _key = key.ToArray();
    }

    /// <summary>Checkpoint <paramref name="number"/> over <paramref name="heads"/> (sorted here by chain name), linked to the root before it.</summary>
    public Checkpoint Checkpoint(long number, DateTimeOffset at, string prevRoot, IEnumerable<ChainPosition> heads)
    {
        ChainPosition[] sorted = [.. heads.OrderBy(h => h.Chain, StringComparer.Ordinal)];
        var root = MerkleTree.Root(sorted);
        var ms = DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());
        return new Checkpoint(number, ms, prevRoot, sorted, root, Mac(CheckpointMessage(number, ms, prevRoot, root)));
    }

    /// <summary>The seal over the checkpoint's stated root; that the root is its heads' is checked apart (<see cref="CheckpointWalker"/>).</summary>
    public bool IsGenuine(Checkpoint checkpoint) =>
        Equal(checkpoint.Mac, Mac(CheckpointMessage(checkpoint.Number, checkpoint.At, checkpoint.PrevRoot, checkpoint.Root)));

    /// <summary>The head binds the chain's name, so one chain's genuine head cannot stand in for another's.</summary>
    public ChainHead Head(string chain, long seq, string hash) => new(seq, hash, Mac(HeadMessage(chain, seq, hash)));

    public bool IsGenuine(string chain, ChainHead head) => Equal(head.Mac, Mac(HeadMessage(chain, head.Seq, head.Hash)));

    private static string CheckpointMessage(long number, DateTimeOffset at, string prevRoot, string root) =>
        string.Create(CultureInfo.InvariantCulture, $"checkpoint|{number}|{at.ToUnixTimeMilliseconds()}|{prevRoot}|{root}");

    private static string HeadMessage(string chain, long seq, string hash) =>
        string.Create(CultureInfo.InvariantCulture, $"head|{chain.Length}|{chain}|{seq}|{hash}");

    private string Mac(string message) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(message)));

    private static bool Equal(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
