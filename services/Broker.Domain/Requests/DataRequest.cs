using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Policy;

namespace DataBroker.Broker.Domain.Requests;

/// <summary>
/// One officer's request for one subject's data. Immutable: every change returns a new value with
/// the version one higher and a <see cref="Transition"/> appended, so the store can apply it with a
/// compare-and-set on the version and the history is never rewritten.
/// </summary>
public sealed record DataRequest
{
    public const string SystemActor = "system";

    /// <summary>The note of a request's first transition, its submission.</summary>
    public const string SubmittedNote = "submitted";

    public required string Id { get; init; }
    public required string Unit { get; init; }
    public required string Headquarters { get; init; }
    public required string RequesterId { get; init; }
    public required string IdempotencyKey { get; init; }
    public required string Fingerprint { get; init; }
    public required string CaseReference { get; init; }
    public required LegalBasis LegalBasis { get; init; }
    public required string Justification { get; init; }
    public required Subject Subject { get; init; }
    public required IReadOnlyList<Category> Categories { get; init; }
    public TimeWindow? CdrWindow { get; init; }
    public required Urgency Urgency { get; init; }
    public required RequestState State { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>While awaiting approval: when it expires unanswered. Once approved: when the grant lapses.</summary>
    public required DateTimeOffset Deadline { get; init; }

    public required int ApprovalsRequired { get; init; }

    /// <summary>The ranks that must be among the approvers (from the approval policy in force at submission).</summary>
    public IReadOnlyList<string> RanksRequired { get; init; } = [];

    /// <summary>How long the grant stays fetchable once approved (from the approval policy in force at submission).</summary>
    public required TimeSpan GrantTtl { get; init; }

    /// <summary>The version of the approval policy the request was submitted, and is judged, under.</summary>
    public required int PolicyVersion { get; init; }
    public IReadOnlyList<Approval> Approvals { get; init; } = [];
    public IReadOnlyList<Transition> History { get; init; } = [];

    /// <summary>Set when the records were released.</summary>
    public string? ReleaseId { get; init; }

    public static DataRequest Create(RequestDraft draft, Officer requester, string headquarters, string id,
        DateTimeOffset now, RequestRules rules)
    {
        draft.Validate(rules);
        if (draft.Urgency == Urgency.Emergency && !draft.Categories.All(RequestRules.EmergencyCategories.Contains))
            throw DomainException.Invalid("categories",
                "An EMERGENCY request may ask only for NID_DETAILS and SIM_REGISTRATIONS; submit other categories as PRIORITY.");
        // Judged under the policy in force now, for good: a later policy neither releases it with fewer approvals nor
        // holds it to more (an emergency's rule, the duty approver alone by default, is the policy's too).
        var requirement = rules.Policy.RequirementFor(draft.Categories, draft.Urgency);
        return new DataRequest
        {
            Id = id,
            Unit = requester.Unit ?? throw DomainException.Denied("Only a member of a unit may submit requests."),
            Headquarters = headquarters,
            RequesterId = requester.Id,
            IdempotencyKey = draft.IdempotencyKey,
            Fingerprint = draft.Fingerprint(),
            CaseReference = draft.CaseReference.Trim(),
            LegalBasis = draft.LegalBasis!.Value,
            Justification = draft.Justification.Trim(),
            Subject = draft.Subject!,
            Categories = draft.Categories.Order().ToArray(),
            CdrWindow = draft.CdrWindow,
            Urgency = draft.Urgency,
            State = RequestState.AwaitingApproval,
            Version = 1,
            CreatedAt = now,
            Deadline = now + rules.PendingTtl,
            ApprovalsRequired = requirement.Quorum,
            RanksRequired = requirement.Ranks,
            GrantTtl = requirement.GrantTtl,
            PolicyVersion = rules.Policy.Version,
            History = [new Transition(RequestState.AwaitingApproval, RequestState.AwaitingApproval, requester.Id, now, SubmittedNote)],
        };
    }

    /// <summary>What this request needs, as fixed at submission.</summary>
    public ApprovalRequirement Requirement => new(ApprovalsRequired, RanksRequired, GrantTtl);

    /// <summary>Who has approved and what is still needed.</summary>
    public QuorumProgress Progress => Requirement.Progress([.. Approvals.Select(a => a.Rank)]);

    /// <summary>The state as of <paramref name="now"/>: a lapsed deadline makes a live request expired.</summary>
    public RequestState StateAt(DateTimeOffset now) =>
        State is RequestState.AwaitingApproval or RequestState.Approved && now >= Deadline ? RequestState.Expired : State;

    /// <summary>The expired request, when its deadline has passed and that is not yet recorded; otherwise null.</summary>
    public DataRequest? ExpireIfDue(DateTimeOffset now) =>
        StateAt(now) == RequestState.Expired && State != RequestState.Expired
            ? MoveTo(RequestState.Expired, SystemActor, now,
                State == RequestState.Approved ? "grant not fetched in time" : "no decision in time")
            : null;

    /// <summary>
    /// The granted request, when it is an emergency nobody decided within <see cref="RequestRules.EmergencyAutoGrantAfter"/>
    /// and that is not yet recorded; otherwise null. The grant lasts the request's grant TTL.
    /// </summary>
    public DataRequest? AutoGrantIfDue(DateTimeOffset now, RequestRules rules)
    {
        var due = CreatedAt + rules.EmergencyAutoGrantAfter;
        if (Urgency != Urgency.Emergency || StateAt(now) != RequestState.AwaitingApproval || now < due)
            return null;
        return MoveTo(RequestState.Approved, SystemActor, now,
            $"emergency auto-grant: no approver answered within {rules.EmergencyAutoGrantAfter.TotalMinutes:0} minutes") with
        {
            Deadline = now + GrantTtl,
        };
    }

    /// <summary>
    /// Counts one approval, with the approver's rank from their token. Released only when the stored requirement is met:
    /// the quorum of distinct approvers, every required rank among them.
    /// </summary>
    public DataRequest Approve(Officer approver, string note, DateTimeOffset now)
    {
        ApprovalPolicy.EnsureMayDecide(approver, this, now);
        ApprovalPolicy.EnsureApprovalCounts(approver, this);
        var approvals = Approvals.Append(new Approval(approver.Id, now, note, approver.Rank)).ToArray();
        var progress = (this with { Approvals = approvals }).Progress;
        if (!progress.IsMet)
        {
            return this with
            {
                Version = Version + 1,
                Approvals = approvals,
                History = [.. History, new Transition(State, State, approver.Id, now,
                    $"approval {progress.Describe()}" + Suffix(note))],
            };
        }
        return MoveTo(RequestState.Approved, approver.Id, now, $"approved ({progress.Describe()})" + Suffix(note))
            with { Approvals = approvals, Deadline = now + GrantTtl };
    }

    public DataRequest Reject(Officer approver, string reason, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw DomainException.Invalid("note", "A reason (note) is required to reject a request.");
        ApprovalPolicy.EnsureMayDecide(approver, this, now);
        return MoveTo(RequestState.Rejected, approver.Id, now, reason.Trim());
    }

    public DataRequest Cancel(Officer officer, string reason, DateTimeOffset now)
    {
        if (officer.Id != RequesterId)
            throw DomainException.NotFound(Id);
        var state = StateAt(now);
        if (state is not (RequestState.AwaitingApproval or RequestState.Approved))
            throw DomainException.Precondition($"Request {Id} is {state} and can no longer be cancelled.");
        return MoveTo(RequestState.Cancelled, officer.Id, now, string.IsNullOrWhiteSpace(reason) ? "cancelled by requester" : reason.Trim());
    }

    /// <summary>Checks that <paramref name="officer"/> holds a live grant on this request.</summary>
    public void EnsureFetchable(Officer officer, DateTimeOffset now)
    {
        if (officer.Id != RequesterId)
            throw DomainException.NotFound(Id);
        var state = StateAt(now);
        switch (state)
        {
            case RequestState.Approved:
                return;
            case RequestState.Disclosed:
                throw DomainException.Precondition($"Request {Id} was already fetched; records are released once.");
            case RequestState.AwaitingApproval:
                throw DomainException.Precondition(
                    $"Request {Id} is awaiting approval ({Approvals.Count} of {ApprovalsRequired} approvals; {Progress.StillNeeded} still needed).");
            default:
                throw DomainException.Precondition($"Request {Id} is {state}; nothing can be fetched.");
        }
    }

    public DataRequest Disclose(Officer officer, string releaseId, DateTimeOffset now)
    {
        EnsureFetchable(officer, now);
        return MoveTo(RequestState.Disclosed, officer.Id, now, $"released as {releaseId}") with { ReleaseId = releaseId };
    }

    private DataRequest MoveTo(RequestState to, string actor, DateTimeOffset now, string note) => this with
    {
        State = to,
        Version = Version + 1,
        History = [.. History, new Transition(State, to, actor, now, note)],
    };

    private static string Suffix(string note) => string.IsNullOrWhiteSpace(note) ? "" : ": " + note.Trim();
}
