using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Storage.Redis.Stored;
using Google.Protobuf;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// Maps requests to and from their stored form: a <see cref="StoredRequestRecord"/> (protobuf, its own message so a
/// domain refactoring cannot silently change what is on disk), sealed whole with one AES-GCM operation bound to the
/// request's key, so a copy of Redis reveals no subject, fingerprint or typed text, and a blob moved to another
/// request's key does not open.
/// </summary>
public sealed class RequestSerializer(AtRestProtector protector)
{
    public byte[] Serialize(DataRequest request)
    {
        var stored = new StoredRequestRecord
        {
            Id = request.Id,
            Unit = request.Unit,
            Headquarters = request.Headquarters,
            RequesterId = request.RequesterId,
            IdempotencyKey = request.IdempotencyKey,
            Fingerprint = request.Fingerprint,
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
        return protector.Seal(stored.ToByteArray(), RedisKeys.Request(request.Unit, request.Id).ToString());
    }

    /// <summary>Throws <see cref="System.Security.Cryptography.CryptographicException"/> for a blob altered, sealed under another key or moved from <paramref name="key"/>.</summary>
    public DataRequest Deserialize(RedisKey key, ReadOnlySpan<byte> sealedValue)
    {
        var stored = StoredRequestRecord.Parser.ParseFrom(protector.Open(sealedValue, key.ToString()));
        return new DataRequest
        {
            Id = stored.Id,
            Unit = stored.Unit,
            Headquarters = stored.Headquarters,
            RequesterId = stored.RequesterId,
            IdempotencyKey = stored.IdempotencyKey,
            Fingerprint = stored.Fingerprint,
            CaseReference = stored.CaseReference,
            LegalBasis = (LegalBasis)stored.LegalBasis,
            Justification = stored.Justification,
            Subject = new Subject((SubjectKind)stored.SubjectKind, stored.Subject),
            Categories = [.. stored.Categories.Select(c => (Category)c)],
            CdrWindow = stored.HasCdrFrom && stored.HasCdrTo ? new TimeWindow(At(stored.CdrFrom), At(stored.CdrTo)) : null,
            Urgency = (Urgency)stored.Urgency,
            State = (RequestState)stored.State,
            Version = stored.Version,
            CreatedAt = At(stored.CreatedAt),
            Deadline = At(stored.Deadline),
            ApprovalsRequired = stored.ApprovalsRequired,
            RanksRequired = [.. stored.RanksRequired],
            GrantTtl = TimeSpan.FromSeconds(stored.GrantTtlSeconds),
            PolicyVersion = stored.PolicyVersion,
            Approvals = [.. stored.Approvals.Select(a => new Approval(a.ApproverId, At(a.At), a.Note, a.Rank.Length == 0 ? null : a.Rank))],
            History = [.. stored.History.Select(t => new Transition((RequestState)t.From, (RequestState)t.To, t.ActorId, At(t.At), t.Note))],
            ReleaseId = stored.HasReleaseId ? stored.ReleaseId : null,
        };
    }

    private static DateTimeOffset At(long utcTicks) => new(utcTicks, TimeSpan.Zero);
}
