using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Storage.Redis.Stored;
using Google.Protobuf;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// Maps requests to and from their stored form: a <see cref="StoredRequestRecord"/> (protobuf, its own message so a
/// domain refactoring cannot silently change what is on disk), sealed whole with one AES-GCM operation bound to the
/// request's key, so a copy of Redis reveals no subject, fingerprint or typed text, and a blob moved to another
/// request's key does not open. Because the seal binds the key, the blob need not repeat what the key says (the id
/// and the unit), and the submission's transition need not repeat the requester and creation time: they are left
/// out, and the fingerprint (and an idempotency key that is a UUID) is stored as raw bytes (stored.proto says how;
/// blobs written before still read).
/// </summary>
public sealed class RequestSerializer(AtRestProtector protector)
{
    public byte[] Serialize(DataRequest request)
    {
        var rawFingerprint = RawFingerprint(request.Fingerprint);
        var uuid = RawUuid(request.IdempotencyKey);
        var stored = new StoredRequestRecord
        {
            Headquarters = request.Headquarters,
            RequesterId = request.RequesterId,
            IdempotencyKey = uuid is null ? request.IdempotencyKey : "",
            IdempotencyUuid = uuid is null ? ByteString.Empty : ByteString.CopyFrom(uuid),
            Fingerprint = rawFingerprint is null ? request.Fingerprint : "",
            FingerprintSha256 = rawFingerprint is null ? ByteString.Empty : ByteString.CopyFrom(rawFingerprint),
            CaseReference = request.CaseReference,
            LegalBasis = (int)request.LegalBasis,
            Justification = request.Justification,
            SubjectKind = (int)request.Subject.Kind,
            Subject = request.Subject.Value,
            Urgency = (int)request.Urgency,
            State = (int)request.State,
            Version = request.Version,
            CreatedAt = request.CreatedAt.UtcTicks,
            Deadline = request.Deadline.UtcTicks,
            ApprovalsRequired = request.ApprovalsRequired,
            PolicyVersion = request.PolicyVersion,
            GrantTtlSeconds = (int)request.GrantTtl.TotalSeconds,
        };
        stored.RanksRequired.AddRange(request.RanksRequired);
        stored.Categories.AddRange(request.Categories.Select(c => (int)c));
        if (request.CdrWindow is { } window)
            (stored.CdrFrom, stored.CdrTo) = (window.From.UtcTicks, window.To.UtcTicks);
        if (request.ReleaseId is { } releaseId)
            stored.ReleaseId = releaseId;
        stored.Approvals.AddRange(request.Approvals.Select(a => new StoredApprovalRecord { ApproverId = a.ApproverId, At = a.At.UtcTicks, Note = a.Note, Rank = a.Rank ?? "" }));
        stored.History.AddRange(request.History.Select(t => new StoredTransitionRecord
        {
            From = (int)t.From,
            To = (int)t.To,
            ActorId = t.ActorId,
            At = t.At.UtcTicks,
            Note = t.Note,
        }));
        if (request.History.Count > 0 && request.History[0].ActorId == request.RequesterId && request.History[0].At == request.CreatedAt)
        {
            stored.FirstByRequester = true;
            stored.History[0].ActorId = "";
            stored.History[0].At = 0;
        }
        return protector.Seal(stored.ToByteArray(), RedisKeys.Request(request.Unit, request.Id).ToString());
    }

    /// <summary>
    /// The request stored as <paramref name="id"/> of <paramref name="unit"/>. Throws
    /// <see cref="System.Security.Cryptography.CryptographicException"/> for a blob altered, sealed under another key or moved
    /// from that request's key: so the id and unit it does not hold are the ones it was sealed under.
    /// </summary>
    public DataRequest Deserialize(string unit, string id, ReadOnlySpan<byte> sealedValue)
    {
        var stored = StoredRequestRecord.Parser.ParseFrom(protector.Open(sealedValue, RedisKeys.Request(unit, id).ToString()));
        var createdAt = At(stored.CreatedAt);
        return new DataRequest
        {
            Id = id,
            Unit = unit,
            Headquarters = stored.Headquarters,
            RequesterId = stored.RequesterId,
            IdempotencyKey = stored.IdempotencyUuid.IsEmpty ? stored.IdempotencyKey : new Guid(stored.IdempotencyUuid.Span).ToString("D"),
            Fingerprint = stored.FingerprintSha256.IsEmpty ? stored.Fingerprint : Convert.ToHexStringLower(stored.FingerprintSha256.Span),
            CaseReference = stored.CaseReference,
            LegalBasis = (LegalBasis)stored.LegalBasis,
            Justification = stored.Justification,
            Subject = new Subject((SubjectKind)stored.SubjectKind, stored.Subject),
            Categories = [.. stored.Categories.Select(c => (Category)c)],
            CdrWindow = stored.HasCdrFrom && stored.HasCdrTo ? new TimeWindow(At(stored.CdrFrom), At(stored.CdrTo)) : null,
            Urgency = (Urgency)stored.Urgency,
            State = (RequestState)stored.State,
            Version = stored.Version,
            CreatedAt = createdAt,
            Deadline = At(stored.Deadline),
            ApprovalsRequired = stored.ApprovalsRequired,
            RanksRequired = [.. stored.RanksRequired],
            GrantTtl = TimeSpan.FromSeconds(stored.GrantTtlSeconds),
            PolicyVersion = stored.PolicyVersion,
            Approvals = [.. stored.Approvals.Select(a => new Approval(a.ApproverId, At(a.At), a.Note, a.Rank.Length == 0 ? null : a.Rank))],
            History = [.. stored.History.Select((t, i) => i == 0 && stored.FirstByRequester
                ? new Transition((RequestState)t.From, (RequestState)t.To, stored.RequesterId, createdAt, t.Note)
                : new Transition((RequestState)t.From, (RequestState)t.To, t.ActorId, At(t.At), t.Note))],
            ReleaseId = stored.HasReleaseId ? stored.ReleaseId : null,
        };
    }

    private static DateTimeOffset At(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    /// <summary>An idempotency key's 16 bytes when it is a UUID written exactly as <see cref="Guid.ToString()"/> writes one (so it reads back the same), else null.</summary>
    private static byte[]? RawUuid(string key) =>
        key.Length == 36 && Guid.TryParseExact(key, "D", out var uuid) && uuid.ToString("D") == key ? uuid.ToByteArray() : null;

    /// <summary>A fingerprint's 32 bytes when it is a SHA-256 in lower-case hex (as the domain makes it), else null: kept as text.</summary>
    private static byte[]? RawFingerprint(string fingerprint)
    {
        if (fingerprint.Length != 64 || !fingerprint.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
            return null;
        return Convert.FromHexString(fingerprint);
    }
}
