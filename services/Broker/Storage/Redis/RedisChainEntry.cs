using System.Globalization;
using System.Text;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Storage.Redis.Stored;
using Google.Protobuf;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// How a chain entry is kept in its chain's list: a format byte, then its parts as a <see cref="CompactChainEntry"/>
/// sealed whole and bound to its chain and position, in binary. The text the hashes cover is rebuilt from the parts
/// on reading (<see cref="AuditChain.Render"/>), with the hash as stored, so verification checks exactly what it did
/// when the text itself was stored. What the entry's place says is not stored: its predecessor's hash is the stored
/// hash of the entry before it (<see cref="ReadRange"/> is given that one too), its unit is its chain's. Entries
/// written before (format 1, <see cref="StoredChainEntry"/>, and the entry's text, encrypted, as base64 text) are
/// still read. An entry that does not open or rebuild (altered, moved, inserted, its predecessor unreadable) is read
/// back as text no walk accepts.
/// </summary>
internal static class RedisChainEntry
{
    // Base64 text never starts with these bytes, so the formats cannot be mistaken for one another.
    private const byte Parts = 1;
    private const byte Compact = 2;
    private const string TextField = "chain";

    public static byte[] Store(ChainEntry entry, string chain, AtRestProtector protector)
    {
        var e = entry.Event;
        var stored = new CompactChainEntry
        {
            Hash = ByteString.CopyFrom(Convert.FromHexString(entry.Hash)),
            ActorId = e.ActorId,
            At = e.At.UtcTicks,
            OffsetMinutes = (int)e.At.Offset.TotalMinutes,
        };
        if (TryParseStreamId(entry.SourceId, out var ms, out var streamSeq))
            (stored.SourceMsFromAt, stored.SourceSeq) = (ms - e.At.ToUnixTimeMilliseconds(), streamSeq);
        else
            stored.SourceId = entry.SourceId;
        if (NumberOfWord.TryGetValue(e.Kind, out var kind))
            stored.KnownKind = kind;
        else
            stored.Kind = e.Kind;
        if (e.Unit != AuditSources.UnitOf(chain))
            stored.Unit = e.Unit;
        Span<byte> id = stackalloc byte[16];
        if (RequestIds.TryGetBytes(e.Unit, e.RequestId, id))
            stored.Request = ByteString.CopyFrom(id);
        else
            stored.RequestId = e.RequestId;
        foreach (var (name, detail) in e.Details)
            stored.Details.Add(Detail(name, detail, e));
        // Kept as parts only when they give back the very text linked (always, for the events Redis streams hold); any
        // other entry as its text, so nothing stored ever reads back otherwise than it was chained.
        if (entry.Source != chain || !TryRender(stored, chain, entry.Seq, entry.PrevHash, out var rendered) || rendered != entry.Text)
            return Encoding.UTF8.GetBytes(protector.Protect(entry.Text, Position(chain, entry.Seq), TextField));
        var sealedParts = protector.Seal(stored.ToByteArray(), BoundTo(chain, entry.Seq));
        var value = new byte[1 + sealedParts.Length];
        value[0] = Compact;
        sealedParts.CopyTo(value, 1);
        return value;
    }

    /// <summary>
    /// The texts of the entries at <paramref name="fromSeq"/> on, from the stored values of those entries led by the entry
    /// before them (none when <paramref name="fromSeq"/> is 1), whose stored hash is the first one's predecessor's.
    /// </summary>
    public static IReadOnlyList<string> ReadRange(RedisValue[] values, string chain, long fromSeq, AtRestProtector protector)
    {
        var skip = fromSeq > 1 ? 1 : 0;
        if (values.Length <= skip)
            return [];
        var prevHash = skip == 0 ? AuditChain.Genesis : Read(values[0], chain, fromSeq - 1, null, protector).Hash;
        var texts = new string[values.Length - skip];
        for (var i = 0; i < texts.Length; i++)
            (texts[i], prevHash) = Read(values[skip + i], chain, fromSeq + i, prevHash, protector);
        return texts;
    }

    /// <summary>
    /// An entry's text and the hash it was stored with (null when it does not open). <paramref name="prevHash"/> is its
    /// predecessor's stored hash, null when unknown: an entry that does not store it then reads back as no entry.
    /// </summary>
    private static (string Text, string? Hash) Read(RedisValue value, string chain, long seq, string? prevHash, AtRestProtector protector)
    {
        var bytes = (byte[])value!;
        if (bytes.Length == 0 || bytes[0] is not (Parts or Compact))
        {
            var text = value.ToString();
            var opened = protector.TryUnprotect(text, Position(chain, seq), TextField);
            return opened is null ? (text, null) : (opened, HashOf(opened));
        }
        var unreadable = Convert.ToBase64String(bytes);
        try
        {
            var plain = protector.Open(bytes.AsSpan(1), BoundTo(chain, seq));
            if (bytes[0] == Parts)
            {
                var parts = StoredChainEntry.Parser.ParseFrom(plain);
                return (RenderParts(parts, chain, seq), Convert.ToHexStringLower(parts.Hash.Span));
            }
            var compact = CompactChainEntry.Parser.ParseFrom(plain);
            var hash = compact.Hash.Length == 32 ? Convert.ToHexStringLower(compact.Hash.Span) : null;
            return (prevHash is not null && TryRender(compact, chain, seq, prevHash, out var rendered) ? rendered : unreadable, hash);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or InvalidProtocolBufferException or InvalidDataException
            or ArgumentException)
        {
            return (unreadable, null);
        }
    }

    /// <summary>The hash an entry's text begins with, or null when it is not shaped as an entry.</summary>
    private static string? HashOf(string text) => text.Length > 64 && text[64] == ' ' ? text[..64] : null;

    private static string RenderParts(StoredChainEntry stored, string chain, long seq)
    {
        var at = new DateTimeOffset(stored.At, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(stored.OffsetMinutes));
        var audit = new AuditEvent(stored.Kind, stored.Unit, stored.RequestId, stored.ActorId, at, Details(stored.Details, stored.ActorId, at));
        return AuditChain.Render(Convert.ToHexStringLower(stored.Hash.Span), seq, Convert.ToHexStringLower(stored.Prev.Span),
            new SourcedAuditEvent(chain, stored.SourceId, audit));
    }

    /// <summary>The text of a format 2 entry; false where a part the reader supplies does not hold (fails closed).</summary>
    private static bool TryRender(CompactChainEntry stored, string chain, long seq, string prevHash, out string text)
    {
        text = "";
        var unit = stored.HasUnit ? stored.Unit : AuditSources.UnitOf(chain);
        if (unit is null || stored.Hash.Length != 32 || stored.Request.Length is not (0 or 16))
            return false;
        var at = new DateTimeOffset(stored.At, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(stored.OffsetMinutes));
        var kind = stored.KnownKind == 0 ? stored.Kind : WordOf(stored.KnownKind);
        var requestId = stored.Request.IsEmpty ? stored.RequestId : RequestIds.FromBytes(unit, stored.Request.Span);
        var sourceId = stored.SourceId.Length > 0 ? stored.SourceId
            : string.Create(CultureInfo.InvariantCulture, $"{at.ToUnixTimeMilliseconds() + stored.SourceMsFromAt}-{stored.SourceSeq}");
        var audit = new AuditEvent(kind, unit, requestId, stored.ActorId, at, Details(stored.Details, stored.ActorId, at));
        text = AuditChain.Render(Convert.ToHexStringLower(stored.Hash.Span), seq, prevHash, new SourcedAuditEvent(chain, sourceId, audit));
        return true;
    }

    private static Dictionary<string, string> Details(Google.Protobuf.Collections.RepeatedField<StoredChainDetail> stored, string actor, DateTimeOffset at)
    {
        var details = new Dictionary<string, string>(stored.Count, StringComparer.Ordinal);
        foreach (var detail in stored)
            details[NameOf(detail)] = ValueOf(detail, actor, at);
        return details;
    }

    private static string ValueOf(StoredChainDetail detail, string actor, DateTimeOffset at) =>
        detail.Actor ? actor
        : !detail.Hex.IsEmpty ? Convert.ToHexStringLower(detail.Hex.Span)
        : detail.Words.Count > 0 ? string.Join(',', detail.Words.Select(WordOf))
        : detail.HasTicksFromAt ? new DateTimeOffset(at.UtcTicks + detail.TicksFromAt, TimeSpan.Zero)
            .ToOffset(TimeSpan.FromMinutes(detail.OffsetMinutes)).ToString("O", CultureInfo.InvariantCulture)
        : detail.Value;

    // Detail names the request path writes on every entry, by number: append only, never reorder (a stored-format break).
    private static readonly string[] KnownNames =
    [
        "requester", "case_reference", "legal_basis", "categories", "subject_kind", "headquarters", "urgency", "subject_hmac",
        "version", "state", "policy", "emergency", "approver_rank", "note", "release_id", "subject_found", "third_party_numbers",
        "fields", "reason",
        // Format 2 on.
        "submitted_at", "approvers",
    ];

    private static readonly Dictionary<string, uint> NumberOfName =
        KnownNames.Select((name, i) => (name, i)).ToDictionary(n => n.name, n => (uint)n.i + 1, StringComparer.Ordinal);

    // Words the chain repeats (kinds, states, bases, categories, fields), by number: append only, never reorder.
    private static readonly string[] KnownWords =
    [
        "request.submitted", "request.approval", "request.approved", "request.rejected", "request.cancelled", "request.expired",
        "request.auto_granted", "request.disclosed",
        "oversight.suspended", "oversight.reinstated", "oversight.refused", "oversight.alert", "oversight.subject_query",
        "oversight.leak_trace", "oversight.emergency_review",
        "limits.usage_read", "limits.override_set", "limits.counter_reset", "limits.shadow_on", "limits.shadow_off",
        "AwaitingApproval", "Approved", "Disclosed", "Rejected", "Cancelled", "Expired",
        "AntiTerrorismAct", "TelecomAct97A", "CrPc94", "CourtOrder", "NarcoticsControlAct",
        "NidDetails", "SimRegistrations", "CallRecords", "CriminalRecord",
        "Nid", "Msisdn", "Routine", "Priority", "Emergency", "true", "false", "supervisor", "legal",
        "nid", "full_name", "father_name", "mother_name", "date_of_birth", "present_address", "permanent_address", "blood_group",
        "photo_sha256", "msisdn", "operator", "registered_at", "caller", "callee", "start", "duration_seconds", "cell_id",
        "case_number", "police_station", "offence", "filed_on", "status",
    ];

    private static readonly Dictionary<string, uint> NumberOfWord =
        KnownWords.Select((word, i) => (word, i)).ToDictionary(w => w.word, w => (uint)w.i + 1, StringComparer.Ordinal);

    private static string WordOf(uint number) =>
        number >= 1 && number <= KnownWords.Length ? KnownWords[number - 1]
        : throw new InvalidDataException($"Word number {number} is unknown to this version.");

    private static StoredChainDetail Detail(string name, string value, AuditEvent e)
    {
        var detail = NumberOfName.TryGetValue(name, out var known) ? new StoredChainDetail { Known = known } : new StoredChainDetail { Name = name };
        if (value.Length > 0 && value == e.ActorId)
            detail.Actor = true;
        else if (value.Length >= 32 && value.Length % 2 == 0 && value.All(char.IsAsciiHexDigitLower))
            detail.Hex = ByteString.CopyFrom(Convert.FromHexString(value));
        else if (Words(value) is { } words)
            detail.Words.AddRange(words);
        else if (value.Length == 33 && DateTimeOffset.TryParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            (detail.TicksFromAt, detail.OffsetMinutes) = (time.UtcTicks - e.At.UtcTicks, (int)time.Offset.TotalMinutes);
        else
            detail.Value = value;
        // Whatever it is stored as, the entry's rendering at the append checks that it gives back this very value.
        return detail;
    }

    /// <summary>A Redis stream id, "MS-SEQ" in canonical digits (so it prints back the same), else false.</summary>
    private static bool TryParseStreamId(string id, out long ms, out ulong seq)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        seq = 0;
        ms = 0;
        return dash > 0
            && long.TryParse(id.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out ms)
            && ulong.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out seq)
            && string.Create(CultureInfo.InvariantCulture, $"{ms}-{seq}") == id;
    }

    /// <summary>The numbers of a value made only of known words joined by commas, else null.</summary>
    private static uint[]? Words(string value)
    {
        if (value.Length == 0)
            return null;
        var parts = value.Split(',');
        var numbers = new uint[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!NumberOfWord.TryGetValue(parts[i], out numbers[i]))
                return null;
        }
        return numbers;
    }

    private static string NameOf(StoredChainDetail detail) =>
        detail.Known == 0 ? detail.Name
        : detail.Known <= KnownNames.Length ? KnownNames[detail.Known - 1]
        : throw new InvalidDataException($"Detail name number {detail.Known} is unknown to this version.");

    /// <summary>What an entry is bound to: its chain and position, so it opens nowhere else.</summary>
    private static string Position(string chain, long seq) => chain + "#" + seq.ToString(CultureInfo.InvariantCulture);

    private static string BoundTo(string chain, long seq) => "chain:" + Position(chain, seq);
}
