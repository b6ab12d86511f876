using System.Text.Json;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>Maps requests to and from their stored JSON, sealing what identifies the subject and every text a person typed.</summary>
public sealed class RequestSerializer(AtRestProtector protector)
{
    private const string CaseField = "case_reference";
    private const string JustificationField = "justification";
    private const string IdempotencyField = "idempotency_key";
    private const string NoteField = "note";
    private const string SubjectField = "subject";
    // The fingerprint is an unkeyed SHA-256 over the request, subject included; with the other fields
    // in clear, the NID or MSISDN space is small enough to brute-force, so it is sealed as well.
    private const string FingerprintField = "fingerprint";

    public string Serialize(DataRequest request) => JsonSerializer.Serialize(new StoredRequest(
        request.Id,
        request.Unit,
        request.Headquarters,
        request.RequesterId,
        protector.Protect(request.IdempotencyKey, request.Id, IdempotencyField),
        protector.Protect(request.Fingerprint, request.Id, FingerprintField),
        protector.Protect(request.CaseReference, request.Id, CaseField),
        request.LegalBasis,
        protector.Protect(request.Justification, request.Id, JustificationField),
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
        [.. request.Approvals.Select(a => new StoredApproval(a.ApproverId, a.At, protector.Protect(a.Note, request.Id, NoteField)))],
        [.. request.History.Select(t => new StoredTransition(t.From, t.To, t.ActorId, t.At, protector.Protect(t.Note, request.Id, NoteField)))],
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
            IdempotencyKey = protector.Unprotect(stored.SealedIdempotencyKey, stored.Id, IdempotencyField),
            Fingerprint = protector.Unprotect(stored.SealedFingerprint, stored.Id, FingerprintField),
            CaseReference = protector.Unprotect(stored.SealedCaseReference, stored.Id, CaseField),
            LegalBasis = stored.LegalBasis,
            Justification = protector.Unprotect(stored.SealedJustification, stored.Id, JustificationField),
            Subject = new Subject(stored.SubjectKind, protector.Unprotect(stored.SealedSubject, stored.Id, SubjectField)),
            Categories = stored.Categories,
            CdrWindow = stored is { CdrFrom: { } from, CdrTo: { } to } ? new TimeWindow(from, to) : null,
            Urgency = stored.Urgency,
            State = stored.State,
            Version = stored.Version,
            CreatedAt = stored.CreatedAt,
            Deadline = stored.Deadline,
            ApprovalsRequired = stored.ApprovalsRequired,
            Approvals = [.. stored.Approvals.Select(a => new Approval(a.ApproverId, a.At, protector.Unprotect(a.SealedNote, stored.Id, NoteField)))],
            History = [.. stored.History.Select(t => new Transition(t.From, t.To, t.ActorId, t.At, protector.Unprotect(t.SealedNote, stored.Id, NoteField)))],
            ReleaseId = stored.ReleaseId,
        };
    }
}
