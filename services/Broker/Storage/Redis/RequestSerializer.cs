using System.Text.Json;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>Maps requests to and from their stored JSON, sealing what identifies the subject.</summary>
public sealed class RequestSerializer(SubjectProtector protector)
{
    private const string SubjectField = "subject";
    // The fingerprint is an unkeyed SHA-256 over the request, subject included; with the other fields
    // in clear, the NID or MSISDN space is small enough to brute-force, so it is sealed as well.
    private const string FingerprintField = "fingerprint";

    public string Serialize(DataRequest request) => JsonSerializer.Serialize(new StoredRequest(
        request.Id,
        request.Unit,
        request.Headquarters,
        request.RequesterId,
        request.IdempotencyKey,
        protector.Protect(request.Fingerprint, request.Id, FingerprintField),
        request.CaseReference,
        request.LegalBasis,
        request.Justification,
        request.Subject.Kind,
        protector.Protect(request.Subject.Value, request.Id, SubjectField),
        [.. request.Categories],
        request.CdrWindow?.From,
        request.CdrWindow?.To,
        request.Urgency,
        request.State,
        request.Version,
        request.CreatedAt,
        request.Deadline,
        request.ApprovalsRequired,
        [.. request.Approvals.Select(a => new StoredApproval(a.ApproverId, a.At, a.Note))],
        [.. request.History.Select(t => new StoredTransition(t.From, t.To, t.ActorId, t.At, t.Note))],
        request.ReleaseId), RedisJsonContext.Default.StoredRequest);

    public DataRequest Deserialize(string json)
    {
        var stored = JsonSerializer.Deserialize(json, RedisJsonContext.Default.StoredRequest)
            ?? throw new JsonException("A stored request is empty.");
        return new DataRequest
        {
            Id = stored.Id,
            Unit = stored.Unit,
            Headquarters = stored.Headquarters,
            RequesterId = stored.RequesterId,
            IdempotencyKey = stored.IdempotencyKey,
            Fingerprint = protector.Unprotect(stored.SealedFingerprint, stored.Id, FingerprintField),
            CaseReference = stored.CaseReference,
            LegalBasis = stored.LegalBasis,
            Justification = stored.Justification,
            Subject = new Subject(stored.SubjectKind, protector.Unprotect(stored.SealedSubject, stored.Id, SubjectField)),
            Categories = stored.Categories,
            CdrWindow = stored is { CdrFrom: { } from, CdrTo: { } to } ? new TimeWindow(from, to) : null,
            Urgency = stored.Urgency,
            State = stored.State,
            Version = stored.Version,
            CreatedAt = stored.CreatedAt,
            Deadline = stored.Deadline,
            ApprovalsRequired = stored.ApprovalsRequired,
            Approvals = [.. stored.Approvals.Select(a => new Approval(a.ApproverId, a.At, a.Note))],
            History = [.. stored.History.Select(t => new Transition(t.From, t.To, t.ActorId, t.At, t.Note))],
            ReleaseId = stored.ReleaseId,
        };
    }
}
