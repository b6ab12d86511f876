using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Oversight.Leaks;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Storage;
using DataBroker.Broker.Storage.Embedded;
using Microsoft.Extensions.Time.Testing;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>The oversight use cases with plain objects and a fake clock: who may call what, the leak trace's record, the alert feed.</summary>
public sealed class OversightOfficeTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly OrganisationChart Organisation = new(new Dictionary<string, IReadOnlyList<string>>
    {
        ["POLICE-HQ"] = ["ATU"],
        ["RAB-HQ"] = ["RAB-6"],
    });

    private static readonly Officer Auditor = new("oversight-auditor-1", Role.Auditor, null, null);
    private static readonly Officer Admin = new("police-admin", Role.Admin, null, null);
    private static readonly Officer UnitOfficer = new("atu-officer-1", Role.Officer, "ATU", "POLICE-HQ");
    private static readonly Officer RabApprover = new("rabhq-approver-1", Role.Approver, null, "RAB-HQ");

    private readonly FakeTimeProvider _time = new(At);
    private readonly EmbeddedOversightStore _oversight = new();
    private readonly EmbeddedRequestStore _requests;
    private readonly OversightOffice _office;

    public OversightOfficeTests()
    {
        _requests = new EmbeddedRequestStore(new ChangeHub(), _time);
        var keys = new HmacSubjectPseudonymizer(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var memory = new SealedChains(Organisation);
        var trail = new AuditTrail(new EmbeddedAuditChainStore(_time), ChainSamples.Seal(), memory);
        var suspensions = new Suspensions(_oversight, Organisation, _time);
        var desk = new AlertDesk(_oversight, suspensions);
        _office = new OversightOffice(trail, new SubjectAccess(_oversight, keys, trail, _time), suspensions,
            new LeakTracer(new EmbeddedReleaseRegistry(), _requests, keys), _oversight, _oversight,
            new EmergencyReviews(new EmbeddedEmergencyReviews(_oversight), _requests, desk, new InsiderRules(), _time), Organisation, _time);
    }

    [Fact]
    public async Task Only_oversight_staff_may_audit_trace_suspend_or_list_and_only_an_admin_may_reinstate()
    {
        await AssertDenied(() => _office.VerifyAuditAsync(UnitOfficer, default));
        await AssertDenied(() => _office.TraceLeakAsync(RabApprover, "Rahim Uddin, 5167175992", 0, default));
        await AssertDenied(() => _office.AccessBySubjectAsync(UnitOfficer, new Subject(SubjectKind.Nid, "5167175992"), default));
        await AssertDenied(() => _office.SuspendAsync(RabApprover, SuspensionScope.Unit, "RAB-6", "bulk pulls", default));
        await AssertDenied(() => _office.ListSuspensionsAsync(UnitOfficer, default));
        await _office.SuspendAsync(Auditor, SuspensionScope.Unit, "RAB-6", "bulk pulls", default);
        await AssertDenied(() => _office.ReinstateAsync(Auditor, SuspensionScope.Unit, "RAB-6", "cleared", default));

        await _office.ReinstateAsync(Admin, SuspensionScope.Unit, "RAB-6", "cleared", default);

        Assert.Empty(await _office.ListSuspensionsAsync(Admin, default));
        // Nothing a refused caller asked for reached the record: only the suspension and the reinstatement.
        Assert.Equal([OversightAuditKinds.Suspended, OversightAuditKinds.Reinstated], _oversight.AuditAfter(0, 100).Select(e => e.Kind));
    }

    [Fact]
    public async Task A_leak_trace_is_on_the_record_with_the_texts_hash_and_never_the_text()
    {
        const string post = "Rahim Uddin, 5167175992, Mirpur 10";

        await _office.TraceLeakAsync(Auditor, post, 0, default);

        var traced = Assert.Single(_oversight.AuditAfter(0, 100));
        Assert.Equal((OversightAuditKinds.LeakTrace, "oversight-auditor-1"), (traced.Kind, traced.ActorId));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(post))),
            traced.Details["text_sha256"]);
        Assert.DoesNotContain(traced.Details.Values, v => v.Contains("5167175992", StringComparison.Ordinal));
        var tooMany = await Assert.ThrowsAsync<DomainException>(() => _office.TraceLeakAsync(Auditor, post, 51, default));
        Assert.Equal("max_results", tooMany.Field);
    }

    [Fact]
    public async Task A_watch_sends_recent_alerts_then_live_ones_each_once_and_only_of_the_watchers_units()
    {
        await Raise("a-1", "RAB-6");
        await Raise("a-2", "ATU");
        using var feed = _office.WatchAlerts(RabApprover);
        // Raised after listening began and before the recent ones are read: in both, sent once.
        await Raise("a-3", "RAB-6");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var heard = new List<string>();
        await foreach (var alert in feed.ReadAllAsync(10, cancel.Token))
        {
            heard.Add(alert.AlertId);
            if (alert.AlertId == "a-3")
            {
                await Raise("a-4", "ATU");
                await Raise("a-5", "RAB-6");
            }
            if (alert.AlertId == "a-5")
                break;
        }

        Assert.Equal(["a-1", "a-3", "a-5"], heard);
        Assert.Throws<DomainException>(() => _office.WatchAlerts(UnitOfficer));
    }

    [Fact]
    public async Task Listed_alerts_come_newest_first_by_when_they_were_seen_not_by_raise_order()
    {
        await Raise("late-seen", "ATU", At.AddMinutes(5));
        await Raise("early-seen", "ATU", At.AddMinutes(1));
        await Raise("latest", "RAB-6", At.AddMinutes(9));

        Assert.Equal(["latest", "late-seen", "early-seen"], (await _office.ListAlertsAsync(Auditor, 0, default)).Select(a => a.AlertId));
        Assert.Equal(["latest"], (await _office.ListAlertsAsync(RabApprover, 0, default)).Select(a => a.AlertId));
        Assert.Equal("max", (await Assert.ThrowsAsync<DomainException>(() => _office.ListAlertsAsync(Auditor, 1001, default))).Field);
    }

    private Task Raise(string id, string unit, DateTimeOffset? at = null) =>
        _oversight.RaiseAsync(new Alert(id, "bulk_subjects", AlertSeverity.Warning, "officer-x", unit, at ?? At, "detail", ""),
            new AuditEvent(OversightAuditKinds.Alert, unit, "", "system", at ?? At, new Dictionary<string, string>()), default);

    private static async Task AssertDenied(Func<Task> call) =>
        Assert.Equal(DomainErrorKind.PermissionDenied, (await Assert.ThrowsAsync<DomainException>(call)).Kind);
}
