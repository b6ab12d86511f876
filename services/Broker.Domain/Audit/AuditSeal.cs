using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// Keys checkpoints and the chain head with HMAC-SHA256. The key comes from configuration and never
/// lives beside the chain, so whoever can rewrite the store cannot re-seal a rewritten chain.
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

    public Checkpoint Checkpoint(long seq, string hash, DateTimeOffset at) =>
        new(seq, hash, DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds()),
            Mac(string.Create(CultureInfo.InvariantCulture, $"checkpoint|{seq}|{hash}|{at.ToUnixTimeMilliseconds()}")));

    public ChainHead Head(long seq, string hash) =>
        new(seq, hash, Mac(string.Create(CultureInfo.InvariantCulture, $"head|{seq}|{hash}")));

    public bool IsGenuine(Checkpoint checkpoint) =>
        Equal(checkpoint.Mac, Checkpoint(checkpoint.Seq, checkpoint.Hash, checkpoint.At).Mac);

    public bool IsGenuine(ChainHead head) => Equal(head.Mac, Head(head.Seq, head.Hash).Mac);

    private string Mac(string message) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(message)));

    private static bool Equal(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
