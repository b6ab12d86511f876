using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Oversight.Leaks;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// Every oversight operation, each for its caller: who may call it is decided here, before anything is read or
/// written. Oversight staff (auditor or admin) audit, trace, suspend and list; only an admin reinstates; alerts
/// and emergency reviews also reach an HQ's approvers for their own units.
/// </summary>
public sealed class OversightOffice(
    AuditTrail trail,
    SubjectAccess subjects,
    Suspensions suspensions,
    LeakTracer leaks,
    IAuditJournal journal,
    IAlertStore alerts,
    EmergencyReviews emergencies,
    OrganisationChart organisation,
    TimeProvider time)
{
    public Task<ChainVerification> VerifyAuditAsync(Officer caller, CancellationToken cancellationToken)
    {
        EnsureOverseer(caller);
        return trail.VerifyAsync(cancellationToken);
    }

    /// <summary>A page of <paramref name="query"/>'s entries newest first, from <paramref name="before"/>; see <see cref="AuditTrail.QueryAsync"/>.</summary>
    public Task<(IReadOnlyList<ChainEntry> Entries, AuditCursor? Start, AuditCursor? Next)> QueryAuditAsync(Officer caller, AuditQuery query,
        AuditCursor? before, int pageSize, CancellationToken cancellationToken)
    {
        EnsureOverseer(caller);
        return trail.QueryAsync(before, pageSize, query.Matches, cancellationToken);
    }

    public Task<IReadOnlyList<ChainEntry>> AccessBySubjectAsync(Officer caller, Subject subject, CancellationToken cancellationToken) =>
        subjects.AccessAsync(EnsureOverseer(caller), subject, cancellationToken);

    public Task<Suspension> SuspendAsync(Officer caller, SuspensionScope scope, string target, string reason, CancellationToken cancellationToken) =>
        suspensions.SuspendAsync(EnsureOverseer(caller).Id, scope, target, reason, cancellationToken);

    public Task ReinstateAsync(Officer caller, SuspensionScope scope, string target, string reason, CancellationToken cancellationToken) =>
        caller.Has(Role.Admin)
            ? suspensions.ReinstateAsync(caller.Id, scope, target, reason, cancellationToken)
            : throw DomainException.Denied("Only an admin may reinstate; an auditor may suspend.");

    public Task<IReadOnlyList<Suspension>> ListSuspensionsAsync(Officer caller, CancellationToken cancellationToken)
    {
        EnsureOverseer(caller);
        return suspensions.ListAsync(cancellationToken);
    }

    /// <summary>
    /// Traces leaked text (<paramref name="maxResults"/> 1 to 50, 0 for 10). The trace and its outcome are on the
    /// record before anyone sees the answer; the text itself only as its hash.
    /// </summary>
    public async Task<LeakTrace> TraceLeakAsync(Officer caller, string text, int maxResults, CancellationToken cancellationToken)
    {
        EnsureOverseer(caller);
        var max = maxResults switch
        {
            0 => 10,
            < 0 or > 50 => throw DomainException.Invalid("max_results", "max_results must be between 1 and 50 (0 means 10)."),
            _ => maxResults,
        };
        var trace = await leaks.TraceAsync(text, max, cancellationToken);
        await journal.AppendAsync(new AuditEvent(OversightAuditKinds.LeakTrace, caller.Unit ?? "", "", caller.Id, time.GetUtcNow(),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["text_sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))),
                ["top_suspect"] = trace.Suspects.Count > 0 && !trace.Tie ? trace.Suspects[0].OfficerId : "",
                ["tie"] = trace.Tie ? "true" : "false",
                ["watermarks"] = trace.WatermarksFound.ToString(CultureInfo.InvariantCulture),
            }), cancellationToken);
        return trace;
    }

    /// <summary>The caller's alert feed, already listening; the caller disposes it when the watch ends.</summary>
    public AlertFeed WatchAlerts(Officer caller) => new(alerts, AlertAudience.For(caller, organisation));

    /// <summary>
    /// The latest <paramref name="max"/> alerts (1 to 1000, 0 for 100) the caller may hear, newest first by when each
    /// was seen: a pattern alert is raised when its events are chained, after alerts about later events raised on the
    /// request path, so raise order is not time order. Equal times keep raise order, newest first.
    /// </summary>
    public async Task<IReadOnlyList<Alert>> ListAlertsAsync(Officer caller, int max, CancellationToken cancellationToken)
    {
        var hears = AlertAudience.For(caller, organisation);
        var count = max switch
        {
            0 => 100,
            < 0 or > 1000 => throw DomainException.Invalid("max", "max must be between 1 and 1000 (0 means 100)."),
            _ => max,
        };
        return [.. (await alerts.RecentAsync(count, cancellationToken)).Where(hears).Reverse().OrderByDescending(a => a.At)];
    }

    public Task ReviewEmergencyAsync(Officer caller, string requestId, bool justified, string note, CancellationToken cancellationToken) =>
        emergencies.ReviewAsync(caller, requestId, justified, note, cancellationToken);

    /// <summary>The reviews <paramref name="caller"/> may do, most urgent first, and the time they were read at (to tell overdue).</summary>
    public async Task<(IReadOnlyList<EmergencyReview> Open, DateTimeOffset At)> OpenEmergencyReviewsAsync(Officer caller,
        CancellationToken cancellationToken) =>
        (await emergencies.OpenForAsync(caller, cancellationToken), time.GetUtcNow());

    private static Officer EnsureOverseer(Officer caller) =>
        caller.Has(Role.Auditor) || caller.Has(Role.Admin)
            ? caller
            : throw DomainException.Denied("Only oversight staff (auditor or admin) may use the oversight service.");
}
