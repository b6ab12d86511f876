using System.Runtime.CompilerServices;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Workflow;

/// <summary>
/// The request path's use cases: each loads a request, lets the domain decide, and stores the result
/// with a compare-and-set on the version, retrying when a concurrent change won.
/// </summary>
public sealed class RequestWorkflow(
    IRequestStore store,
    IRequestChangeFeed changes,
    OrganisationChart organisation,
    RequestRules rules,
    TimeProvider time,
    LimitPolicy? limits = null,
    IRequestGate? gate = null,
    ISubjectPseudonymizer? pseudonyms = null)
{
    private readonly LimitPolicy _limits = limits ?? LimitPolicy.Unlimited;

    // What this broker last committed of each request still open: a decision or a cancel starts from it, not from a read.
    private readonly KnownRequests _known = new();

    private const int MaxAttempts = 8;

    /// <summary>How often a watch re-reads even without a change notice (notices are at-most-once).</summary>
    public TimeSpan WatchResync { get; init; } = TimeSpan.FromSeconds(5);

    public RequestRules Rules => rules;

    public async Task<SubmitResult> SubmitAsync(Officer officer, RequestDraft draft, CancellationToken cancellationToken)
    {
        if (!officer.CanRequest)
            throw DomainException.Denied("Only a unit officer may submit requests.");
        var now = time.GetUtcNow();
        var headquarters = organisation.HeadquartersOf(officer.Unit!)
            ?? throw DomainException.Denied($"Unit {Echo.Of(officer.Unit)} is not in the organisation.");
        var request = DataRequest.Create(draft, officer, headquarters, RequestIds.New(officer.Unit!, now), now, rules);
        // One keyed hash per submission: the gate's insider counters and the audit entry name the subject by it.
        var subjectPseudonym = pseudonyms?.Pseudonym(request.Subject);
        var activity = gate is null ? ActivityPlan.None : await gate.EnsureMaySubmitAsync(officer, request, subjectPseudonym, cancellationToken);

        var audit = Audit(AuditKinds.Submitted, request, officer.Id, now, Describe(request, subjectPseudonym));
        var result = await store.SubmitAsync(request, audit, await _limits.ForSubmitAsync(request, cancellationToken), activity, cancellationToken);
        if (gate is not null)
            await gate.ConcludeSubmitAsync(officer, request, activity, cancellationToken);
        // Fail closed: a refusal the gate did not explain is still a refusal.
        if (result.Refused)
            throw DomainException.Denied("Refused by oversight's activity rules. Contact oversight.");
        if (!result.Replayed)
        {
            _known.Remember(request);
            await ObserveAsync(request, audit, ActivityPlan.None, cancellationToken);
        }
        if (result.Replayed && result.Request.Fingerprint != request.Fingerprint)
            throw DomainException.Invalid("idempotency_key",
                $"idempotency_key was already used for a different request ({result.Request.Id}); use a new key for a new request.");
        return result.Replayed ? result with { Request = await RefreshAsync(result.Request, cancellationToken) } : result;
    }

    public async Task<DataRequest> GetAsync(Officer officer, string requestId, CancellationToken cancellationToken) =>
        Visible(officer, requestId, await LoadAsync(requestId, cancellationToken));

    private static DataRequest Visible(Officer officer, string requestId, DataRequest? request) =>
        request is not null && ApprovalPolicy.MaySee(officer, request) ? request : throw DomainException.NotFound(requestId);

    public Task<RequestPage> ListMineAsync(Officer officer, IReadOnlySet<RequestState> states, string? pageToken, int pageSize,
        CancellationToken cancellationToken)
    {
        if (!officer.CanRequest)
            throw DomainException.Denied("Only a unit officer has requests of their own.");
        var now = time.GetUtcNow();
        return store.ListByRequesterAsync(officer.Unit!, officer.Id,
            r => states.Count == 0 || states.Contains(r.StateAt(now)), pageToken, pageSize, cancellationToken);
    }

    public async Task<RequestPage> ListPendingAsync(Officer approver, string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        if (!approver.CanDecide)
            throw DomainException.Denied("Only an HQ approver may list pending requests.");
        var page = await store.ListPendingAsync(organisation.UnitsUnder(approver.Headquarters!), pageToken, pageSize, cancellationToken);
        var now = time.GetUtcNow();
        return page with { Requests = page.Requests.Where(r => r.StateAt(now) == RequestState.AwaitingApproval).ToArray() };
    }

    public Task<DataRequest> CancelAsync(Officer officer, string requestId, string reason, CancellationToken cancellationToken) =>
        UpdateAsync(officer, requestId, LimitPlan.None, check: null, (request, now) =>
        {
            var cancelled = request.Cancel(officer, reason, now);
            return (cancelled, Audit(AuditKinds.Cancelled, cancelled, officer.Id, now, Note(cancelled)));
        }, cancellationToken);

    public async Task<DataRequest> DecideAsync(Officer approver, string requestId, bool approve, string note, long expectedVersion,
        CancellationToken cancellationToken)
    {
        if (!approver.CanDecide)
            throw DomainException.Denied("Only an HQ approver may decide requests.");
        // The plan names the approver's counters only, so it is made once, not per attempt; the gate
        // checks the request each attempt loads, so a decision costs no extra read.
        var limits = await _limits.ForDecisionAsync(approver, cancellationToken);
        Func<DataRequest, CancellationToken, Task>? check = gate is null ? null : (request, ct) => gate.EnsureMayDecideAsync(approver, request, ct);
        return await UpdateAsync(approver, requestId, limits, check, (request, now) =>
        {
            if (expectedVersion != 0 && expectedVersion != request.Version)
                throw new DomainException(DomainErrorKind.Conflict,
                    $"Request {Echo.Of(requestId)} changed since you saw it (version {expectedVersion}, now {request.Version}); review it again.");
            var decided = approve ? request.Approve(approver, note, now) : request.Reject(approver, note, now);
            var kind = decided.State switch
            {
                RequestState.Approved => AuditKinds.Approved,
                RequestState.Rejected => AuditKinds.Rejected,
                _ => AuditKinds.Approval,
            };
            var details = Note(decided);
            // The pattern rules pair a decision with its requester and time to decide from this entry alone (no trace per request).
            details[ChainDetails.Requester] = decided.RequesterId;
            details[ChainDetails.SubmittedAt] = decided.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            // The rank the approval counted as, from the approver's token: what the policy's two-rank rules were met by.
            if (approve && approver.Rank is { } rank)
                details["approver_rank"] = rank;
            return (decided, Audit(kind, decided, approver.Id, now, details));
        }, cancellationToken);
    }

    /// <summary>
    /// Checks the grant, reads the records, then commits "disclosed" with its audit event, and only
    /// then hands the records out. A failure at any step releases nothing and leaves the grant usable.
    /// </summary>
    public async Task<Release<TRecords>> FetchAsync<TRecords>(Officer officer, string requestId, IRecordsReader<TRecords> reader,
        CancellationToken cancellationToken, IReleaseRecorder<TRecords>? recorder = null)
    {
        if (!officer.CanRequest)
            throw DomainException.Denied("Only the requesting officer may fetch records.");
        // Over a subject budget, refuse before the records service does any work; the commit decides for good. The plan
        // names only what a request never changes (its subject and requester), so this broker's copy can make it, and
        // then the request is read, as stored, in the same call as the look at the plan; it is judged on that read.
        var known = _known.Find(requestId);
        var preview = known is null ? LimitPlan.None : await _limits.ForReleaseAsync(known, cancellationToken);
        Func<Task> previewLimits;
        DataRequest request;
        if (known is not null && !preview.IsEmpty)
        {
            var stored = await store.GetPreviewingAsync(known.Unit, requestId, preview, cancellationToken);
            request = Visible(officer, requestId, stored.Request is null ? null : await RefreshAsync(stored.Request, cancellationToken));
            previewLimits = stored.PreviewLimitsAsync;
        }
        else
        {
            request = await GetAsync(officer, requestId, cancellationToken);
            preview = await _limits.ForReleaseAsync(request, cancellationToken);
            var plan = preview;
            previewLimits = () => plan.IsEmpty ? Task.CompletedTask : store.PreviewLimitsAsync(request.Unit, plan, cancellationToken);
        }
        request.EnsureFetchable(officer, time.GetUtcNow());
        if (gate is not null)
            await gate.EnsureMayReleaseAsync(officer, request, cancellationToken);
        await previewLimits();

        var read = await reader.ReadAsync(request, cancellationToken);
        // Only now are the third parties known: the commit charges them with the subject, all or nothing.
        var release = read.ThirdPartyNumbers.Count == 0 ? preview
            : await _limits.ForReleaseAsync(request, cancellationToken, read.ThirdPartyNumbers);

        var now = time.GetUtcNow();
        var releaseId = "rel-" + Guid.NewGuid().ToString("N");
        var disclosed = request.Disclose(officer, releaseId, now);
        // The release is registered (and its records marked) before the commit, so none leaves untraceable.
        var records = recorder is null ? read.Records : await recorder.RecordAsync(disclosed, releaseId, read.Records, cancellationToken);
        var details = Describe(disclosed);
        details["release_id"] = releaseId;
        details["subject_found"] = read.SubjectFound ? "true" : "false";
        // Call records disclose their callees too: the volume is the third parties, not one subject.
        if (read.ThirdPartyNumbers.Count > 0)
            details["third_party_numbers"] = read.ThirdPartyNumbers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        details["fields"] = string.Join(',', disclosed.Categories.SelectMany(CategoryFields.Of).Distinct());
        // Who let it out, for the pattern rules' approver and pair histories: the release's entry alone says so.
        details[ChainDetails.Approvers] = string.Join(',', disclosed.Approvals.Select(a => a.ApproverId));
        var audit = Audit(AuditKinds.Disclosed, disclosed, officer.Id, now, details);
        bool committed;
        try
        {
            committed = await store.TryUpdateAsync(disclosed, audit, release, cancellationToken);
        }
        catch (DomainException)
        {
            // Refused inside the commit (a limit): nothing was committed, so nothing was released. A store
            // failure is different: the commit may have happened, so its release stays registered.
            await ForgetAsync(recorder, releaseId);
            throw;
        }
        if (!committed)
        {
            // Someone else changed it between our read and our commit: a concurrent fetch, a cancel, an expiry.
            // These records never leave, so the registry must not name them as released.
            await ForgetAsync(recorder, releaseId);
            var latest = await GetAsync(officer, requestId, cancellationToken);
            latest.EnsureFetchable(officer, time.GetUtcNow());
            throw new DomainException(DomainErrorKind.Conflict, $"Request {Echo.Of(requestId)} changed during the fetch; try again.");
        }
        _known.Forget(requestId);
        await ObserveAsync(disclosed, audit, ActivityPlan.None, cancellationToken);
        return new Release<TRecords>(disclosed, releaseId, read.SubjectFound, records);
    }

    // Not the call's token: a cancelled call must still take back a release that did not happen.
    private static Task ForgetAsync<TRecords>(IReleaseRecorder<TRecords>? recorder, string releaseId) =>
        recorder is null ? Task.CompletedTask : recorder.ForgetAsync(releaseId, CancellationToken.None);

    /// <summary>The request now, then each change, ending after a final state.</summary>
    public async IAsyncEnumerable<DataRequest> WatchAsync(Officer officer, string requestId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var unit = RequestIds.UnitOf(requestId) ?? throw DomainException.NotFound(requestId);
        // Subscribe before the first read, so no change falls between the two.
        await using var subscription = await changes.SubscribeAsync([unit], cancellationToken);
        var current = await GetAsync(officer, requestId, cancellationToken);
        yield return current;

        while (!current.State.IsFinal())
        {
            // Wake on a notice for this request, at its deadline (expiry), or at the resync interval.
            var wait = Max(Min(WatchResync, current.Deadline - time.GetUtcNow()), TimeSpan.FromMilliseconds(10));
            await WaitForChangeAsync(subscription.Changes, requestId, current.Version, wait, cancellationToken);
            var latest = await GetAsync(officer, requestId, cancellationToken);
            if (latest.Version > current.Version)
            {
                current = latest;
                yield return current;
            }
        }
    }

    /// <summary>What is pending under the approver's HQ now, a Synced marker, then each change, live.</summary>
    public async IAsyncEnumerable<PendingEvent> WatchPendingAsync(Officer approver,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!approver.CanDecide)
            throw DomainException.Denied("Only an HQ approver may watch pending requests.");
        var units = organisation.UnitsUnder(approver.Headquarters!);
        await using var subscription = await changes.SubscribeAsync(units, cancellationToken);

        var known = new Dictionary<string, long>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await ListPendingAsync(approver, token, 200, cancellationToken);
            foreach (var request in page.Requests)
            {
                known[request.Id] = request.Version;
                yield return new PendingEvent(PendingEventKind.Existing, request);
            }
            token = page.NextPageToken;
        }
        while (token is not null);
        yield return new PendingEvent(PendingEventKind.Synced, null);

        await foreach (var change in subscription.Changes.ReadAllAsync(cancellationToken))
        {
            if (known.TryGetValue(change.RequestId, out var seen) && seen >= change.Version)
                continue;
            var request = await LoadAsync(change.RequestId, cancellationToken);
            if (request is null)
                continue;
            var pending = request.State == RequestState.AwaitingApproval;
            var wasKnown = known.ContainsKey(request.Id);
            if (pending)
                known[request.Id] = request.Version;
            else
                known.Remove(request.Id);
            if (pending || wasKnown)
                yield return new PendingEvent(pending ? (wasKnown ? PendingEventKind.Updated : PendingEventKind.Added) : PendingEventKind.Resolved, request);
        }
    }

    private async Task WaitForChangeAsync(System.Threading.Channels.ChannelReader<RequestChange> changes, string requestId,
        long seenVersion, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = time.CreateTimer(_ => timeout.Cancel(), null, wait, Timeout.InfiniteTimeSpan);
        try
        {
            while (await changes.WaitToReadAsync(timeout.Token))
            {
                while (changes.TryRead(out var change))
                {
                    if (change.RequestId == requestId && change.Version > seenVersion)
                        return;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The wait is over; the caller re-reads.
        }
    }

    /// <remarks>
    /// The first attempt starts from the copy this broker last committed (<see cref="KnownRequests"/>), when it holds
    /// one, rather than reading the request: the commit's version check tells whether the copy was current, and a commit
    /// that lost hands back the request as stored, so the common case is one call to the store and a lost race costs no
    /// more than the read it replaces. A refusal (a domain error) is never answered from that copy, which may be behind:
    /// the request is read and judged again.
    /// </remarks>
    private async Task<DataRequest> UpdateAsync(Officer actor, string requestId, LimitPlan limits,
        Func<DataRequest, CancellationToken, Task>? check,
        Func<DataRequest, DateTimeOffset, (DataRequest Updated, AuditEvent Audit)> change, CancellationToken cancellationToken)
    {
        var (copy, verified) = (_known.Find(requestId), false);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            DataRequest updated;
            AuditEvent audit;
            try
            {
                var request = copy is null ? await GetAsync(actor, requestId, cancellationToken)
                    : Visible(actor, requestId, await RefreshAsync(copy, cancellationToken));
                if (check is not null)
                    await check(request, cancellationToken);
                (updated, audit) = change(request, time.GetUtcNow());
            }
            catch (DomainException) when (copy is not null && !verified)
            {
                copy = null;
                continue;
            }
            var activity = gate is null ? ActivityPlan.None : gate.PlanCommit(updated, audit);
            var outcome = await store.UpdateAsync(updated, audit, limits, activity, cancellationToken);
            if (outcome.Committed)
            {
                _known.Remember(updated);
                await ObserveAsync(updated, audit, activity, cancellationToken);
                return updated;
            }
            // As stored when the commit lost: as good as a read (none when it is gone, and then the next attempt finds nothing).
            (copy, verified) = (outcome.Current, true);
        }
        throw new DomainException(DomainErrorKind.Conflict, $"Request {Echo.Of(requestId)} is changing too often; try again.");
    }

    /// <summary>
    /// Records what fell due on a request nobody has read since (its expiry, or an emergency's auto-grant), so
    /// it is on the record, and alerted, when it happens rather than when someone next looks.
    /// </summary>
    public async Task SettleAsync(string requestId, CancellationToken cancellationToken) => await LoadAsync(requestId, cancellationToken);

    /// <summary>Loads a request and records its expiry if its deadline passed unrecorded.</summary>
    private async Task<DataRequest?> LoadAsync(string requestId, CancellationToken cancellationToken)
    {
        var unit = RequestIds.UnitOf(requestId);
        if (unit is null)
            return null;
        var request = await store.GetAsync(unit, requestId, cancellationToken);
        return request is null ? null : await RefreshAsync(request, cancellationToken);
    }

    private async Task<DataRequest> RefreshAsync(DataRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var expired = request.ExpireIfDue(now);
            var granted = expired is null ? request.AutoGrantIfDue(now, rules) : null;
            if (expired is null && granted is null)
                return request;
            var (changed, kind) = expired is not null ? (expired, AuditKinds.Expired) : (granted!, AuditKinds.AutoGranted);
            var details = Note(changed);
            // The system grants, so the entry names whose emergency it was (the pattern rules count it against them).
            if (granted is not null)
                details[ChainDetails.Requester] = changed.RequesterId;
            var audit = Audit(kind, changed, DataRequest.SystemActor, now, details);
            if (await store.TryUpdateAsync(changed, audit, cancellationToken))
            {
                _known.Remember(changed);
                // A grant nobody at HQ decided is oversight's business at once, before anyone can fetch it.
                if (granted is not null)
                    await ObserveAsync(changed, audit, ActivityPlan.None, cancellationToken);
                return changed;
            }
            request = await store.GetAsync(request.Unit, request.Id, cancellationToken) ?? request;
        }
        return request;
    }

    private static AuditEvent Audit(string kind, DataRequest request, string actor, DateTimeOffset at, Dictionary<string, string> details)
    {
        details["version"] = request.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        details["state"] = request.State.ToString();
        // The approval policy version the request is judged under, so a decision can be read against the rule it met.
        details["policy"] = request.PolicyVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Every step of an emergency request is flagged, so its review finds the whole story.
        if (request.Urgency == Urgency.Emergency)
            details["emergency"] = "true";
        return new AuditEvent(kind, request.Unit, request.Id, actor, at, details);
    }

    private Dictionary<string, string> Describe(DataRequest request) => Describe(request, pseudonyms?.Pseudonym(request.Subject));

    private static Dictionary<string, string> Describe(DataRequest request, string? subjectPseudonym)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["requester"] = request.RequesterId,
            ["case_reference"] = request.CaseReference,
            ["legal_basis"] = request.LegalBasis.ToString(),
            ["categories"] = string.Join(',', request.Categories),
            ["subject_kind"] = request.Subject.Kind.ToString(),
            // The transparency report counts from the chain alone, so the chain says where and how urgent.
            ["headquarters"] = request.Headquarters,
            ["urgency"] = request.Urgency.ToString(),
        };
        // A keyed pseudonym, never the NID or MSISDN itself: the log must not become a copy of the data.
        if (subjectPseudonym is not null)
            details["subject_hmac"] = subjectPseudonym;
        return details;
    }

    private Task ObserveAsync(DataRequest request, AuditEvent committed, ActivityPlan activity, CancellationToken cancellationToken) =>
        gate is null ? Task.CompletedTask : gate.ObserveAsync(request, committed, activity, cancellationToken);

    private static Dictionary<string, string> Note(DataRequest request) => new(StringComparer.Ordinal)
    {
        ["note"] = request.History[^1].Note,
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
