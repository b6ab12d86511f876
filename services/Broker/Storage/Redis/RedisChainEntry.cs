using System.Globalization;
using System.Text;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Storage.Redis.Stored;
using Google.Protobuf;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// How a chain entry is kept in its chain's list: a format byte, then its parts as a <see cref="StoredChainEntry"/>
/// sealed whole and bound to its chain and position, in binary. The text the hashes cover is rebuilt from the parts
/// on reading (<see cref="AuditChain.Render"/>), with the hash as stored, so verification checks exactly what it
/// did when the text itself was stored, at under half the bytes. Entries written before this format (the entry's
/// text, encrypted, as base64 text) are still read. An entry that does not open (altered, moved, inserted) is read
/// back as text no walk accepts.
/// </summary>
internal static class RedisChainEntry
{
    // Base64 text never starts with this byte, so the formats cannot be mistaken for one another.
    private const byte Parts = 1;
    private const string TextField = "chain";

    public static byte[] Store(ChainEntry entry, string chain, AtRestProtector protector)
    {
        var stored = new StoredChainEntry
        {
            Hash = ByteString.CopyFrom(Convert.FromHexString(entry.Hash)),
            Prev = ByteString.CopyFrom(Convert.FromHexString(entry.PrevHash)),
            SourceId = entry.SourceId,
            Event = RedisAuditEntry.ToRecord(entry.Event).ToByteString(),
            OffsetMinutes = (int)entry.Event.At.Offset.TotalMinutes,
        };
        // Kept as parts only when they give back the very text linked (always, for the events Redis streams hold); any
        // other entry as its text, so nothing stored ever reads back otherwise than it was chained.
        if (entry.Source != chain || Render(stored, chain, entry.Seq) != entry.Text)
            return Encoding.UTF8.GetBytes(protector.Protect(entry.Text, Position(chain, entry.Seq), TextField));
        var sealedParts = protector.Seal(stored.ToByteArray(), BoundTo(chain, entry.Seq));
        var value = new byte[1 + sealedParts.Length];
        value[0] = Parts;
        sealedParts.CopyTo(value, 1);
        return value;
    }

    public static string Read(RedisValue value, string chain, long seq, AtRestProtector protector)
    {
        var bytes = (byte[])value!;
        if (bytes.Length == 0 || bytes[0] != Parts)
        {
            var text = value.ToString();
            return protector.TryUnprotect(text, Position(chain, seq), TextField) ?? text;
        }
        try
        {
            return Render(StoredChainEntry.Parser.ParseFrom(protector.Open(bytes.AsSpan(1), BoundTo(chain, seq))), chain, seq);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or InvalidProtocolBufferException)
        {
            return Convert.ToBase64String(bytes);
        }
    }

    private static string Render(StoredChainEntry stored, string chain, long seq) =>
        AuditChain.Render(Convert.ToHexStringLower(stored.Hash.Span), seq, Convert.ToHexStringLower(stored.Prev.Span),
            new SourcedAuditEvent(chain, stored.SourceId, RedisAuditEntry.FromRecord(StoredAuditRecord.Parser.ParseFrom(stored.Event),
                TimeSpan.FromMinutes(stored.OffsetMinutes))));

    /// <summary>What an entry is bound to: its chain and position, so it opens nowhere else.</summary>
    private static string Position(string chain, long seq) => chain + "#" + seq.ToString(CultureInfo.InvariantCulture);

    private static string BoundTo(string chain, long seq) => "chain:" + Position(chain, seq);
}
