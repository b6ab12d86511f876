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
        {
            long idMs = 0;
            foreach (var b in id[..6])
                idMs = idMs << 8 | b;
            (stored.RequestMsFromAt, stored.Request) = (idMs - e.At.ToUnixTimeMilliseconds(), ByteString.CopyFrom(id[6..]));
        }
        else
            stored.RequestId = e.RequestId;
        stored.Details = WriteDetails(e);
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
        // What an entry that does not open or rebuild reads as: its bytes as base64, which no walk accepts.
        string Unreadable() => Convert.ToBase64String(bytes);
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
            return (prevHash is not null && TryRender(compact, chain, seq, prevHash, out var rendered) ? rendered : Unreadable(), hash);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or InvalidProtocolBufferException or InvalidDataException
            or ArgumentException)
        {
            return (Unreadable(), null);
        }
    }

    /// <summary>The hash an entry's text begins with, or null when it is not shaped as an entry.</summary>
    private static string? HashOf(string text) => text.Length > 64 && text[64] == ' ' ? text[..64] : null;

    private static string RenderParts(StoredChainEntry stored, string chain, long seq)
    {
        var at = new DateTimeOffset(stored.At, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(stored.OffsetMinutes));
        var details = new Dictionary<string, string>(stored.Details.Count, StringComparer.Ordinal);
        foreach (var detail in stored.Details)
            details[NameOf(detail.Known, detail.Name)] = detail.Actor ? stored.ActorId : detail.Hex.IsEmpty ? detail.Value : Convert.ToHexStringLower(detail.Hex.Span);
        var audit = new AuditEvent(stored.Kind, stored.Unit, stored.RequestId, stored.ActorId, at, details);
        return AuditChain.Render(Convert.ToHexStringLower(stored.Hash.Span), seq, Convert.ToHexStringLower(stored.Prev.Span),
            new SourcedAuditEvent(chain, stored.SourceId, audit));
    }

    /// <summary>The text of a format 2 entry; false where a part the reader supplies does not hold (fails closed).</summary>
    private static bool TryRender(CompactChainEntry stored, string chain, long seq, string prevHash, out string text)
    {
        text = "";
        var unit = stored.HasUnit ? stored.Unit : AuditSources.UnitOf(chain);
        if (unit is null || stored.Hash.Length != 32 || stored.Request.Length is not (0 or 10))
            return false;
        var at = new DateTimeOffset(stored.At, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(stored.OffsetMinutes));
        var kind = stored.KnownKind == 0 ? stored.Kind : WordOf(stored.KnownKind);
        var requestId = stored.Request.IsEmpty ? stored.RequestId : RequestIdOf(unit, at.ToUnixTimeMilliseconds() + stored.RequestMsFromAt, stored.Request);
        if (requestId is null)
            return false;
        var sourceId = stored.SourceId.Length > 0 ? stored.SourceId
            : string.Create(CultureInfo.InvariantCulture, $"{at.ToUnixTimeMilliseconds() + stored.SourceMsFromAt}-{stored.SourceSeq}");
        var audit = new AuditEvent(kind, unit, requestId, stored.ActorId, at, ReadDetails(stored.Details, stored.ActorId, at));
        text = AuditChain.Render(Convert.ToHexStringLower(stored.Hash.Span), seq, prevHash, new SourcedAuditEvent(chain, sourceId, audit));
        return true;
    }

    // A format 2 detail's form: the low three bits of its code.
    private const uint Text = 0, Hex = 1, Words = 2, Time = 3, Actor = 4, Number = 5;

    /// <summary>The event's details as format 2 keeps them (chain.proto, <c>CompactChainEntry.details</c>).</summary>
    private static ByteString WriteDetails(AuditEvent e)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            foreach (var (name, value) in e.Details)
            {
                var known = NumberOfName.GetValueOrDefault(name);
                uint[]? words = null;
                var time = default(DateTimeOffset);
                var number = 0UL;
                var form = value.Length > 0 && value == e.ActorId ? Actor
                    : IsNumber(value, out number) ? Number
                    : value.Length >= 32 && value.Length % 2 == 0 && value.All(char.IsAsciiHexDigitLower) ? Hex
                    : (words = WordsOf(value)) is not null ? Words
                    : value.Length == 33 && DateTimeOffset.TryParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out time) ? Time
                    : Text;
                output.WriteUInt32(known << 3 | form);
                if (known == 0)
                    output.WriteString(name);
                switch (form)
                {
                    case Hex:
                        output.WriteBytes(ByteString.CopyFrom(Convert.FromHexString(value)));
                        break;
                    case Words:
                        output.WriteUInt32((uint)words!.Length);
                        foreach (var word in words)
                            output.WriteUInt32(word);
                        break;
                    case Time:
                        output.WriteSInt64(time.UtcTicks - e.At.UtcTicks);
                        output.WriteSInt32((int)time.Offset.TotalMinutes);
                        break;
                    case Number:
                        output.WriteUInt64(number);
                        break;
                    case Text:
                        output.WriteString(value);
                        break;
                }
            }
        }
        // Whatever form a value takes, the entry's rendering at the append checks that it gives back this very value.
        return ByteString.CopyFrom(buffer.ToArray());
    }

    private static Dictionary<string, string> ReadDetails(ByteString stored, string actor, DateTimeOffset at)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal);
        var input = stored.CreateCodedInput();
        while (!input.IsAtEnd)
        {
            var code = input.ReadUInt32();
            var name = NameOf(code >> 3, code >> 3 == 0 ? input.ReadString() : "");
            details[name] = (code & 7) switch
            {
                Text => input.ReadString(),
                Hex => Convert.ToHexStringLower(input.ReadBytes().Span),
                Words => ReadWords(input, stored.Length),
                Time => new DateTimeOffset(at.UtcTicks + input.ReadSInt64(), TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(input.ReadSInt32()))
                    .ToString("O", CultureInfo.InvariantCulture),
                Actor => actor,
                Number => input.ReadUInt64().ToString(CultureInfo.InvariantCulture),
                _ => throw new InvalidDataException($"Detail form {code & 7} is unknown to this version."),
            };
        }
        return details;
    }

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

    private static string ReadWords(CodedInputStream input, int most)
    {
        var count = input.ReadUInt32();
        if (count > most)
            throw new InvalidDataException($"{count} words in {most} bytes.");
        var words = new string[count];
        for (var i = 0; i < words.Length; i++)
            words[i] = WordOf(input.ReadUInt32());
        return string.Join(',', words);
    }

    private static string WordOf(uint number) =>
        number >= 1 && number <= KnownWords.Length ? KnownWords[number - 1]
        : throw new InvalidDataException($"Word number {number} is unknown to this version.");

    /// <summary>The id <see cref="RequestIds.New"/> wrote for <paramref name="unit"/> at <paramref name="ms"/> with these random bytes; null where no such id exists.</summary>
    private static string? RequestIdOf(string unit, long ms, ByteString random)
    {
        if (ms is < 0 or >= 1L << 48)
            return null;
        Span<byte> id = stackalloc byte[16];
        for (var i = 5; i >= 0; i--, ms >>= 8)
            id[i] = (byte)ms;
        random.Span.CopyTo(id[6..]);
        return RequestIds.FromBytes(unit, id);
    }

    /// <summary>Whether a value is a number in canonical decimal digits (no sign, no leading zero), so it prints back the same.</summary>
    private static bool IsNumber(string value, out ulong number)
    {
        number = 0;
        return value.Length is > 0 and <= 19 && (value[0] != '0' || value.Length == 1)
            && ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number);
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
    private static uint[]? WordsOf(string value)
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

    private static string NameOf(uint known, string name) =>
        known == 0 ? name
        : known <= KnownNames.Length ? KnownNames[known - 1]
        : throw new InvalidDataException($"Detail name number {known} is unknown to this version.");

    /// <summary>What an entry is bound to: its chain and position, so it opens nowhere else.</summary>
    private static string Position(string chain, long seq) => chain + "#" + seq.ToString(CultureInfo.InvariantCulture);

    private static string BoundTo(string chain, long seq) => "chain:" + Position(chain, seq);
}
