using System.Globalization;
using System.Text;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;
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
        var e = entry.Event;
        var stored = new StoredChainEntry
        {
            Hash = ByteString.CopyFrom(Convert.FromHexString(entry.Hash)),
            Prev = ByteString.CopyFrom(Convert.FromHexString(entry.PrevHash)),
            SourceId = entry.SourceId,
            Kind = e.Kind,
            Unit = e.Unit,
            RequestId = e.RequestId,
            ActorId = e.ActorId,
            At = e.At.UtcTicks,
            OffsetMinutes = (int)e.At.Offset.TotalMinutes,
        };
        foreach (var (name, text) in e.Details)
            stored.Details.Add(Detail(name, text, e.ActorId));
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
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or InvalidProtocolBufferException or InvalidDataException)
        {
            return Convert.ToBase64String(bytes);
        }
    }

    private static string Render(StoredChainEntry stored, string chain, long seq)
    {
        var details = new Dictionary<string, string>(stored.Details.Count, StringComparer.Ordinal);
        foreach (var detail in stored.Details)
            details[NameOf(detail)] = detail.Actor ? stored.ActorId : detail.Hex.IsEmpty ? detail.Value : Convert.ToHexStringLower(detail.Hex.Span);
        var audit = new AuditEvent(stored.Kind, stored.Unit, stored.RequestId, stored.ActorId,
            new DateTimeOffset(stored.At, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(stored.OffsetMinutes)), details);
        return AuditChain.Render(Convert.ToHexStringLower(stored.Hash.Span), seq, Convert.ToHexStringLower(stored.Prev.Span),
            new SourcedAuditEvent(chain, stored.SourceId, audit));
    }

    // Detail names the request path writes on every entry, by number: append only, never reorder (a stored-format break).
    private static readonly string[] KnownNames =
    [
        "requester", "case_reference", "legal_basis", "categories", "subject_kind", "headquarters", "urgency", "subject_hmac",
        "version", "state", "policy", "emergency", "approver_rank", "note", "release_id", "subject_found", "third_party_numbers",
        "fields", "reason",
    ];

    private static readonly Dictionary<string, uint> NumberOfName =
        KnownNames.Select((name, i) => (name, i)).ToDictionary(n => n.name, n => (uint)n.i + 1, StringComparer.Ordinal);

    private static StoredChainDetail Detail(string name, string value, string actor)
    {
        var detail = NumberOfName.TryGetValue(name, out var known) ? new StoredChainDetail { Known = known } : new StoredChainDetail { Name = name };
        if (value.Length > 0 && value == actor)
            detail.Actor = true;
        else if (value.Length >= 32 && value.Length % 2 == 0 && value.All(char.IsAsciiHexDigitLower))
            detail.Hex = ByteString.CopyFrom(Convert.FromHexString(value));
        else
            detail.Value = value;
        return detail;
    }

    private static string NameOf(StoredChainDetail detail) =>
        detail.Known == 0 ? detail.Name
        : detail.Known <= KnownNames.Length ? KnownNames[detail.Known - 1]
        : throw new InvalidDataException($"Detail name number {detail.Known} is unknown to this version.");

    /// <summary>What an entry is bound to: its chain and position, so it opens nowhere else.</summary>
    private static string Position(string chain, long seq) => chain + "#" + seq.ToString(CultureInfo.InvariantCulture);

    private static string BoundTo(string chain, long seq) => "chain:" + Position(chain, seq);
}
