using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Tests.Support;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>What every adapter of oversight's ports promises; run against the embedded and the Redis ones.</summary>
public abstract class OversightStoreContract
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    protected abstract ISuspensionRegistry Suspensions { get; }

    protected abstract IAlertStore Alerts { get; }

    protected abstract IReleaseRegistry Releases { get; }

    protected abstract IEmergencyReviews Reviews { get; }

    /// <summary>The oversight stream's events, oldest first.</summary>
    protected abstract Task<IReadOnlyList<AuditEvent>> OversightStreamAsync();

    [Fact]
    public async Task A_suspension_is_in_force_until_reinstated_and_its_start_is_remembered_after()
    {
        var officer = "officer-" + Guid.NewGuid().ToString("N")[..8];
        var changes = 0;
        Suspensions.Changed += () => Interlocked.Increment(ref changes);
        await Suspensions.SuspendAsync(new Suspension(SuspensionScope.Officer, officer, "bulk", "auditor-1", At), Audit("oversight.suspended"), default)
            .DefaultTimeout();
        var status = (await Suspensions.ReadAsync(default).DefaultTimeout()).StatusOf(officer, "ATU");
        Assert.Equal(("bulk", "auditor-1", At), (status.Officer!.Reason, status.Officer.SuspendedBy, status.Officer.Since));
        Assert.Contains(await Suspensions.ListAsync(default).DefaultTimeout(), s => s.Target == officer);

        Assert.True(await Suspensions.ReinstateAsync(SuspensionScope.Officer, officer, Audit("oversight.reinstated", officer), default).DefaultTimeout());
        Assert.False(await Suspensions.ReinstateAsync(SuspensionScope.Officer, officer, Audit("oversight.reinstated", officer), default).DefaultTimeout());
        var after = (await Suspensions.ReadAsync(default).DefaultTimeout()).StatusOf(officer, "ATU");
        Assert.Null(after.InForce);
        Assert.Equal(At, after.LastSuspendedAt);
        await Eventually(() => Volatile.Read(ref changes) >= 2);
        // The refused second reinstatement wrote no entry.
        Assert.Single(await OversightStreamAsync(), e => e.Kind == "oversight.reinstated" && e.Details["target"] == officer);
    }

    [Fact]
    public async Task An_alert_is_stored_with_its_entry_and_announced()
    {
        var heard = new List<Alert>();
        Alerts.Raised += a => { lock (heard) heard.Add(a); };
        var alert = new Alert("alert-" + Guid.NewGuid().ToString("N")[..8], "bulk_subjects", AlertSeverity.Severe, "officer-9", "ATU", At, "6 subjects", "ATU.X");
        await Alerts.RaiseAsync(alert, Audit("oversight.alert"), default).DefaultTimeout();

        Assert.Equal(alert, (await Alerts.RecentAsync(1, default).DefaultTimeout()).Single());
        await Eventually(() => { lock (heard) return heard.Contains(alert); });
        Assert.Contains(await OversightStreamAsync(), e => e.Kind == "oversight.alert");
    }

    [Fact]
    public async Task A_release_is_found_by_its_watermark_and_by_each_value_key()
    {
        var id = "rel-" + Guid.NewGuid().ToString("N");
        var value = new ReleaseValue("key-" + id, "nid", 3);
        var trait = new ReleaseTrait("slot-" + id, ["option-a", "option-b", "option-c"], 2);
        var release = new ReleaseRecord(id, "ATU.R1", "officer-1", "ATU", At, "subject", id[^8..], [value], [trait], ThirdPartyNumbers: 1990);
        await Releases.RecordAsync(release, default).DefaultTimeout();

        var found = await Releases.FindAsync(["m:" + id[^8..], value.Key, "missing"], default).DefaultTimeout();
        Assert.Equal([id], found["m:" + id[^8..]]);
        Assert.Equal([id], found[value.Key]);
        Assert.False(found.ContainsKey("missing"));
        var read = Assert.Single(await Releases.GetAsync([id, "rel-none"], default).DefaultTimeout());
        Assert.Equal((release.OfficerId, release.At, value), (read.OfficerId, read.At, read.Values.Single()));
        // The wording traits and the third-party count come back whole: tracing and volume rules read them.
        var readTrait = Assert.Single(read.AllTraits);
        Assert.Equal((trait.Slot, trait.Chosen, 1990), (readTrait.Slot, readTrait.Chosen, read.ThirdPartyNumbers));
        Assert.Equal(trait.Options, readTrait.Options);
    }

    [Fact]
    public async Task An_emergency_review_is_completed_once_and_its_overdue_alert_claimed_once()
    {
        var review = new EmergencyReview("ATU." + Guid.NewGuid().ToString("N"), "duty-1", "ATU", "POLICE-HQ", At, At.AddHours(24));
        await Reviews.EnqueueAsync(review, default).DefaultTimeout();
        Assert.Contains(await Reviews.OpenAsync(default).DefaultTimeout(), r => r.RequestId == review.RequestId);
        Assert.True(await Reviews.MarkOverdueAlertedAsync(review.RequestId, default).DefaultTimeout());
        Assert.False(await Reviews.MarkOverdueAlertedAsync(review.RequestId, default).DefaultTimeout());

        var done = review with { Justified = false, ReviewerId = "approver-2", Note = "no threat" };
        Assert.True(await Reviews.CompleteAsync(done, Audit("oversight.emergency_review"), default).DefaultTimeout());
        Assert.False(await Reviews.CompleteAsync(done, Audit("oversight.emergency_review"), default).DefaultTimeout());
        Assert.DoesNotContain(await Reviews.OpenAsync(default).DefaultTimeout(), r => r.RequestId == review.RequestId);
        Assert.Equal(false, (await Reviews.GetAsync(review.RequestId, default).DefaultTimeout())!.Justified);
    }

    private static AuditEvent Audit(string kind, string target = "") =>
        new(kind, "ATU", "", "auditor-1", At, new Dictionary<string, string> { ["reason"] = "r", ["target"] = target });

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
            await Task.Delay(10);
        Assert.True(condition());
    }
}
