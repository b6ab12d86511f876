using System.Security.Cryptography;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Storage.Redis.Stored;
using Google.Protobuf;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// Maps requests to and from their stored form: a <see cref="StoredRequestRecord"/> (protobuf, its own message so a
/// domain refactoring cannot silently change what is on disk), sealed whole with one AES-GCM operation bound to the
/// request's unit and id (<see cref="SealBinding"/>), so a copy of Redis reveals no subject, fingerprint or typed text,
/// and a blob moved to another request's key does not open. Because the seal binds the request, the blob need not
/// repeat what its name says (the id and the unit, and the creation's millisecond that the id carries), nor what the
/// reader derives from the rest: the fingerprint (a hash of stored fields), the submission's transition, a deadline as
/// an absolute time. stored.proto says how; blobs written before still read.
/// </summary>
public sealed class RequestSerializer(AtRestProtector protector)
{
    // The bits of StoredRequestRecord.derived (stored.proto): what a blob leaves for its reader to derive.
    private const uint FingerprintDerived = 1, SubmissionDerived = 2, CreatedAtPastId = 4, DeadlineAfterCreated = 8;

    public byte[] Serialize(DataRequest request)
    {
        var uuid = RawUuid(request.IdempotencyKey);
        var stored = new StoredRequestRecord
        {
            Headquarters = request.Headquarters,
            RequesterId = request.RequesterId,
            IdempotencyKey = uuid is null ? request.IdempotencyKey : "",
            IdempotencyUuid = uuid is null ? ByteString.Empty : ByteString.CopyFrom(uuid),
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
        // Each part is left out only where deriving it gives back exactly what the request holds.
        if (DerivedFingerprint(request.IdempotencyKey, request.CaseReference, request.LegalBasis, request.Justification, request.Subject,
                request.Categories, request.CdrWindow, request.Urgency) == request.Fingerprint)
            stored.Derived |= FingerprintDerived;
        else if (RawFingerprint(request.Fingerprint) is { } rawFingerprint)
            stored.FingerprintSha256 = ByteString.CopyFrom(rawFingerprint);
        else
            stored.Fingerprint = request.Fingerprint;
        if (IdMillisecond(request.Unit, request.Id) is { } idMs && request.CreatedAt.UtcTicks - idMs.UtcTicks is >= 0 and < TimeSpan.TicksPerMillisecond)
        {
            stored.CreatedAt = request.CreatedAt.UtcTicks - idMs.UtcTicks;
            stored.Derived |= CreatedAtPastId;
        }
        if (request.Deadline >= request.CreatedAt)
        {
            stored.Deadline = request.Deadline.UtcTicks - request.CreatedAt.UtcTicks;
            stored.Derived |= DeadlineAfterCreated;
        }
        stored.RanksRequired.AddRange(request.RanksRequired);
        stored.Categories.AddRange(request.Categories.Select(c => (int)c));
        if (request.CdrWindow is { } window)
            (stored.CdrFrom, stored.CdrTo) = (window.From.UtcTicks, window.To.UtcTicks);
        if (request.ReleaseId is { } releaseId)
            stored.ReleaseId = releaseId;
        stored.Approvals.AddRange(request.Approvals.Select(a => new StoredApprovalRecord { ApproverId = a.ApproverId, At = a.At.UtcTicks, Note = a.Note, Rank = a.Rank ?? "" }));
        var history = request.History.AsEnumerable();
        if (request.History.Count > 0 && request.History[0] == Submission(request.RequesterId, request.CreatedAt))
        {
            stored.Derived |= SubmissionDerived;
            history = history.Skip(1);
        }
        stored.History.AddRange(history.Select(t => new StoredTransitionRecord
        {
            From = (int)t.From,
            To = (int)t.To,
            ActorId = t.ActorId,
            At = t.At.UtcTicks,
            Note = t.Note,
        }));
        return protector.Seal(stored.ToByteArray(), SealBinding(request.Unit, request.Id));
    }

    /// <summary>
    /// The request stored as <paramref name="id"/> of <paramref name="unit"/>. Throws
    /// <see cref="System.Security.Cryptography.CryptographicException"/> for a blob altered, sealed under another key or moved
    /// from that request's key: so the id and unit it does not hold are the ones it was sealed under.
    /// </summary>
    public DataRequest Deserialize(string unit, string id, ReadOnlySpan<byte> sealedValue)
    {
        var stored = Open(unit, id, sealedValue);
        var derived = stored.Derived;
        var createdAt = (derived & CreatedAtPastId) == 0 ? At(stored.CreatedAt)
            : (IdMillisecond(unit, id) ?? throw new InvalidDataException($"A stored request's creation time is its id's, and {id} is not a request id of {unit}."))
                .AddTicks(stored.CreatedAt);
        var legalBasis = (LegalBasis)stored.LegalBasis;
        var subject = new Subject((SubjectKind)stored.SubjectKind, stored.Subject);
        Category[] categories = [.. stored.Categories.Select(c => (Category)c)];
        var cdrWindow = stored.HasCdrFrom && stored.HasCdrTo ? new TimeWindow(At(stored.CdrFrom), At(stored.CdrTo)) : null;
        var urgency = (Urgency)stored.Urgency;
        var idempotencyKey = stored.IdempotencyUuid.IsEmpty ? stored.IdempotencyKey : new Guid(stored.IdempotencyUuid.Span).ToString("D");
        var history = stored.History.Select((t, i) => i == 0 && stored.FirstByRequester
            ? new Transition((RequestState)t.From, (RequestState)t.To, stored.RequesterId, createdAt, t.Note)
            : new Transition((RequestState)t.From, (RequestState)t.To, t.ActorId, At(t.At), t.Note));
        return new DataRequest
        {
            Id = id,
            Unit = unit,
            Headquarters = stored.Headquarters,
            RequesterId = stored.RequesterId,
            IdempotencyKey = idempotencyKey,
            Fingerprint = (derived & FingerprintDerived) != 0
                ? DerivedFingerprint(idempotencyKey, stored.CaseReference, legalBasis, stored.Justification, subject, categories, cdrWindow, urgency)
                : stored.FingerprintSha256.IsEmpty ? stored.Fingerprint : Convert.ToHexStringLower(stored.FingerprintSha256.Span),
            CaseReference = stored.CaseReference,
            LegalBasis = legalBasis,
            Justification = stored.Justification,
            Subject = subject,
            Categories = categories,
            CdrWindow = cdrWindow,
            Urgency = urgency,
            State = (RequestState)stored.State,
            Version = stored.Version,
            CreatedAt = createdAt,
            Deadline = (derived & DeadlineAfterCreated) == 0 ? At(stored.Deadline) : createdAt.AddTicks(stored.Deadline),
            ApprovalsRequired = stored.ApprovalsRequired,
            RanksRequired = [.. stored.RanksRequired],
            GrantTtl = TimeSpan.FromSeconds(stored.GrantTtlSeconds),
            PolicyVersion = stored.PolicyVersion,
            Approvals = [.. stored.Approvals.Select(a => new Approval(a.ApproverId, At(a.At), a.Note, a.Rank.Length == 0 ? null : a.Rank))],
            History = (derived & SubmissionDerived) == 0 ? [.. history] : [Submission(stored.RequesterId, createdAt), .. history],
            ReleaseId = stored.HasReleaseId ? stored.ReleaseId : null,
        };
    }

    /// <summary>
    /// What a request's seal binds: the text name of its key as every broker wrote it, <c>{u:UNIT}:req:ID</c>, whichever
    /// form of the key it is stored under (<see cref="RedisKeys.Request"/>), so the request's unit and id, which the blob
    /// does not hold, are the ones it was sealed for; then that the blob may leave parts for its reader to derive. A
    /// broker before that would read such a blob without deriving them (a deadline in the year 1, so a live request
    /// expired, which it would write back): bound apart, the blob does not open for it, and it fails instead.
    /// </summary>
    public static string SealBinding(string unit, string id) => SealBindingBefore(unit, id) + "\nderived";

    /// <summary>What the seal of a request written before 2026-12-03 (req11) binds: its key's text name alone.</summary>
    public static string SealBindingBefore(string unit, string id) => RedisKeys.RequestPrefix(unit) + RedisKeys.Escape(id);

    /// <summary>
    /// The record sealed for the request, in the form of this broker or of the brokers before it. Throws
    /// <see cref="CryptographicException"/> when it opens as neither: altered, or moved.
    /// </summary>
    private StoredRequestRecord Open(string unit, string id, ReadOnlySpan<byte> sealedValue)
    {
        try
        {
            return StoredRequestRecord.Parser.ParseFrom(protector.Open(sealedValue, SealBinding(unit, id)));
        }
        catch (CryptographicException)
        {
            // Written before req11 (no request is ever rewritten but by a change, which writes this broker's form).
            var before = StoredRequestRecord.Parser.ParseFrom(protector.Open(sealedValue, SealBindingBefore(unit, id)));
            return before.Derived == 0 ? before : throw new InvalidDataException($"Request {id} of {unit} is sealed as written before its parts were derived, yet leaves some out.");
        }
    }

    /// <summary>A request's first transition as <see cref="DataRequest.Create"/> writes it.</summary>
    private static Transition Submission(string requesterId, DateTimeOffset createdAt) =>
        new(RequestState.AwaitingApproval, RequestState.AwaitingApproval, requesterId, createdAt, DataRequest.SubmittedNote);

    private static string DerivedFingerprint(string idempotencyKey, string caseReference, LegalBasis legalBasis, string justification,
        Subject subject, IReadOnlyList<Category> categories, TimeWindow? cdrWindow, Urgency urgency) =>
        new RequestDraft(idempotencyKey, caseReference, legalBasis, justification, subject, categories, cdrWindow, urgency).Fingerprint();

    /// <summary>The millisecond an id <see cref="RequestIds.New"/> wrote for <paramref name="unit"/> carries; null for any other id.</summary>
    private static DateTimeOffset? IdMillisecond(string unit, string id)
    {
        Span<byte> bytes = stackalloc byte[16];
        return RequestIds.TryGetBytes(unit, id, bytes) ? DateTimeOffset.FromUnixTimeMilliseconds(RequestIds.MillisecondOf(bytes)) : null;
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
