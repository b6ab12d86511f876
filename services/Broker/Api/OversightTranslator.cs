using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Requests;
using Google.Protobuf.WellKnownTypes;
using Proto = DataBroker.Broker.V1;

namespace DataBroker.Broker.Api;

/// <summary>Oversight messages to domain values and back.</summary>
public static class OversightTranslator
{
    public static Proto.AuditEntry ToMessage(ChainEntry entry)
    {
        var message = new Proto.AuditEntry
        {
            Seq = entry.Seq,
            Hash = entry.Hash,
            Kind = entry.Event.Kind,
            Unit = entry.Event.Unit,
            RequestId = entry.Event.RequestId,
            ActorId = entry.Event.ActorId,
            At = Timestamp.FromDateTimeOffset(entry.Event.At),
            Source = entry.Source,
            SourceId = entry.SourceId,
        };
        foreach (var (name, value) in entry.Event.Details)
            message.Details[name] = value;
        return message;
    }

    public static Proto.Suspension ToMessage(Suspension suspension) => new()
    {
        Scope = (Proto.SuspensionScope)(int)suspension.Scope,
        Target = suspension.Target,
        Reason = suspension.Reason,
        SuspendedBy = suspension.SuspendedBy,
        Since = Timestamp.FromDateTimeOffset(suspension.Since),
    };

    public static Proto.EmergencyReviewItem ToMessage(EmergencyReview review, DateTimeOffset now) => new()
    {
        RequestId = review.RequestId,
        OfficerId = review.OfficerId,
        Unit = review.Unit,
        Headquarters = review.Headquarters,
        SubmittedAt = Timestamp.FromDateTimeOffset(review.SubmittedAt),
        Deadline = Timestamp.FromDateTimeOffset(review.Deadline),
        Overdue = review.IsOverdue(now),
    };

    public static Proto.TracedRelease ToMessage(TracedRelease traced)
    {
        var message = new Proto.TracedRelease
        {
            ReleaseId = traced.Release.ReleaseId,
            RequestId = traced.Release.RequestId,
            OfficerId = traced.Release.OfficerId,
            Unit = traced.Release.Unit,
            ReleasedAt = Timestamp.FromDateTimeOffset(traced.Release.At),
            Confidence = traced.Confidence,
            Watermarks = traced.Watermarks,
        };
        message.Matched.AddRange(traced.Matched);
        return message;
    }

    public static Proto.Suspect ToMessage(LeakSuspect suspect) => new()
    {
        OfficerId = suspect.OfficerId,
        Unit = suspect.Unit,
        Confidence = suspect.Confidence,
        Releases = suspect.Releases,
        Citizens = suspect.Citizens,
        Watermarks = suspect.Watermarks,
        TraitsMatched = suspect.TraitsMatched,
        TraitsContradicted = suspect.TraitsContradicted,
    };

    public static Proto.Alert ToMessage(Alert alert) => new()
    {
        AlertId = alert.AlertId,
        Rule = alert.Rule,
        Severity = (Proto.AlertSeverity)(int)alert.Severity,
        OfficerId = alert.OfficerId,
        Unit = alert.Unit,
        At = Timestamp.FromDateTimeOffset(alert.At),
        Detail = alert.Detail,
        RequestId = alert.RequestId,
    };

    public static SuspensionScope ToScope(Proto.SuspensionScope scope) => scope switch
    {
        Proto.SuspensionScope.Officer => SuspensionScope.Officer,
        Proto.SuspensionScope.Unit => SuspensionScope.Unit,
        _ => throw DomainException.Invalid("scope", "scope must be SUSPENSION_SCOPE_OFFICER or SUSPENSION_SCOPE_UNIT."),
    };

    public static Subject ToSubject(Proto.AccessBySubjectRequest request) => request.SubjectCase switch
    {
        Proto.AccessBySubjectRequest.SubjectOneofCase.Nid when Subject.IsValidNid(request.Nid.Trim()) =>
            new Subject(SubjectKind.Nid, request.Nid.Trim()),
        Proto.AccessBySubjectRequest.SubjectOneofCase.Msisdn when Subject.IsValidMsisdn(request.Msisdn.Trim().TrimStart('+')) =>
            new Subject(SubjectKind.Msisdn, request.Msisdn.Trim().TrimStart('+')),
        _ => throw DomainException.Invalid("subject", "subject must be a 10-digit nid or an msisdn like 8801712345678."),
    };

    public static AuditCursor? PageToken(string token) =>
        string.IsNullOrEmpty(token) ? null
        : AuditCursor.Decode(token)
            ?? throw DomainException.Invalid("page_token", "page_token is not a token this service issued; start again without one.");

    /// <summary>A required instant, or INVALID_ARGUMENT naming <paramref name="field"/>.</summary>
    public static DateTimeOffset Instant(Timestamp? timestamp, string field) =>
        timestamp is null ? throw DomainException.Invalid(field, $"{field} is required (the first instant of a month, UTC).")
        : timestamp.Seconds is < -62_135_596_800 or > 253_402_300_799 || timestamp.Nanos is < 0 or > 999_999_999
            ? throw DomainException.Invalid(field, $"{field} is not a valid timestamp.")
            : timestamp.ToDateTimeOffset();
}
