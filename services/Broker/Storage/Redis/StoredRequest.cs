using System.Text.Json.Serialization;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// A request as persisted in Redis: the stored format, kept apart from the domain type so a domain
/// refactoring cannot silently change what is on disk. Subject, fingerprint and every typed text are sealed.
/// </summary>
internal sealed record StoredRequest(
    string Id,
    string Unit,
    string Headquarters,
    string RequesterId,
    string SealedIdempotencyKey,
    string SealedFingerprint,
    string SealedCaseReference,
    LegalBasis LegalBasis,
    string SealedJustification,
    SubjectKind SubjectKind,
    string SealedSubject,
    Category[] Categories,
    DateTimeOffset? CdrFrom,
    DateTimeOffset? CdrTo,
    Urgency Urgency,
    RequestState State,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset Deadline,
    int ApprovalsRequired,
    StoredApproval[] Approvals,
    StoredTransition[] History,
    string? ReleaseId);

internal sealed record StoredApproval(string ApproverId, DateTimeOffset At, string SealedNote);

internal sealed record StoredTransition(RequestState From, RequestState To, string ActorId, DateTimeOffset At, string SealedNote);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredRequest))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class RedisJsonContext : JsonSerializerContext;
