using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Requests;
using Google.Protobuf.WellKnownTypes;
using Proto = DataBroker.Broker.V1;
using RecordsProto = DataBroker.Records.V1;

namespace DataBroker.Broker.Api;

/// <summary>Messages to domain values and back. Domain enums share the wire numbers, minus the UNSPECIFIED zero.</summary>
public static class RequestTranslator
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static RequestDraft ToDraft(Proto.SubmitRequest message) => new(
        message.IdempotencyKey,
        message.CaseReference,
        message.LegalBasis == Proto.LegalBasis.Unspecified ? null : Defined<LegalBasis>((int)message.LegalBasis, "legal_basis"),
        message.Justification,
        ToSubject(message.Subject),
        message.Categories.Select(c => ToCategory(c, "categories")).ToArray(),
        message.CdrWindow is null ? null : ToWindow(message.CdrWindow),
        message.Urgency == Proto.Urgency.Unspecified ? Urgency.Routine : Defined<Urgency>((int)message.Urgency, "urgency"));

    public static Category ToCategory(RecordsProto.Category category, string field) =>
        category == RecordsProto.Category.Unspecified
            ? throw DomainException.Invalid(field, $"{field} must not contain CATEGORY_UNSPECIFIED.")
            : Defined<Category>((int)category, field);

    public static RequestState ToState(Proto.RequestState state, string field) =>
        state == Proto.RequestState.Unspecified
            ? throw DomainException.Invalid(field, $"{field} must not contain REQUEST_STATE_UNSPECIFIED.")
            : Defined<RequestState>((int)state, field);

    public static int PageSize(int requested) => requested switch
    {
        0 => DefaultPageSize,
        < 0 or > MaxPageSize => throw DomainException.Invalid("page_size", $"page_size must be between 1 and {MaxPageSize} (0 means {DefaultPageSize})."),
        _ => requested,
    };

    public static string RequestId(string requestId) =>
        string.IsNullOrWhiteSpace(requestId) ? throw DomainException.Invalid("request_id", "request_id is required.") : requestId.Trim();

    public static Proto.DataRequest ToMessage(DataRequest request, DateTimeOffset now)
    {
        var message = new Proto.DataRequest
        {
            RequestId = request.Id,
            Unit = request.Unit,
            Headquarters = request.Headquarters,
            RequesterId = request.RequesterId,
            CaseReference = request.CaseReference,
            LegalBasis = (Proto.LegalBasis)(int)request.LegalBasis,
            Justification = request.Justification,
            Subject = request.Subject.Kind == SubjectKind.Nid
                ? new Proto.Subject { Nid = request.Subject.Value }
                : new Proto.Subject { Msisdn = request.Subject.Value },
            Urgency = (Proto.Urgency)(int)request.Urgency,
            // A lapsed deadline shows as EXPIRED even before the expiry is recorded.
            State = (Proto.RequestState)(int)request.StateAt(now),
            Version = request.Version,
            CreatedAt = Timestamp.FromDateTimeOffset(request.CreatedAt),
            Deadline = Timestamp.FromDateTimeOffset(request.Deadline),
            ApprovalsRequired = request.ApprovalsRequired,
            PolicyVersion = request.PolicyVersion,
        };
        var progress = request.Progress;
        message.RanksRequired.AddRange(request.RanksRequired);
        message.RanksNeeded.AddRange(progress.RanksNeeded);
        message.ApprovalProgress = progress.Describe();
        message.Categories.AddRange(request.Categories.Select(c => (RecordsProto.Category)(int)c));
        if (request.CdrWindow is { } window)
            message.CdrWindow = new Proto.TimeWindow { From = Timestamp.FromDateTimeOffset(window.From), To = Timestamp.FromDateTimeOffset(window.To) };
        message.Approvals.AddRange(request.Approvals.Select(a => new Proto.Approval
        {
            ApproverId = a.ApproverId,
            DecidedAt = Timestamp.FromDateTimeOffset(a.At),
            Note = a.Note,
            ApproverRank = a.Rank ?? "",
        }));
        message.History.AddRange(request.History.Select(t => new Proto.Transition
        {
            FromState = (Proto.RequestState)(int)t.From,
            ToState = (Proto.RequestState)(int)t.To,
            ActorId = t.ActorId,
            At = Timestamp.FromDateTimeOffset(t.At),
            Note = t.Note,
        }));
        return message;
    }

    private static Subject? ToSubject(Proto.Subject? subject) => subject?.KindCase switch
    {
        Proto.Subject.KindOneofCase.Nid => new Subject(SubjectKind.Nid, subject.Nid.Trim()),
        Proto.Subject.KindOneofCase.Msisdn => new Subject(SubjectKind.Msisdn, subject.Msisdn.Trim().TrimStart('+')),
        _ => null,
    };

    private static TimeWindow ToWindow(Proto.TimeWindow window) =>
        window.From is null || window.To is null
            ? throw DomainException.Invalid("cdr_window", "cdr_window needs both from and to.")
            : new TimeWindow(WireTime.Instant(window.From, "cdr_window.from"), WireTime.Instant(window.To, "cdr_window.to"));

    private static T Defined<T>(int value, string field) where T : struct, System.Enum
    {
        var candidate = (T)(object)value;
        return System.Enum.IsDefined(candidate)
            ? candidate
            : throw DomainException.Invalid(field, $"{field} has an unknown value {value}.");
    }
}
