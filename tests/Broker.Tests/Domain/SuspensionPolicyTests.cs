using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Tests.Domain;

public sealed class SuspensionPolicyTests
{
    private static readonly Suspension Unit = new(SuspensionScope.Unit, "ATU", "leak inquiry", "auditor-1", Scenario.Start.AddHours(1));

    [Fact]
    public void A_suspended_officer_is_refused_with_the_reason_and_who_suspended()
    {
        var e = Assert.Throws<DomainException>(() => SuspensionPolicy.EnsureNotSuspended(new SuspensionStatus(null, Unit, null, Unit.Since)));
        Assert.Equal(DomainErrorKind.PermissionDenied, e.Kind);
        Assert.Contains("leak inquiry", e.Message, StringComparison.Ordinal);
        Assert.Contains("auditor-1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grant_approved_before_a_past_suspension_stays_revoked()
    {
        var granted = Scenario.Submitted(Scenario.AtuOfficer).Approve(Scenario.PoliceApprover1, "", Scenario.Start.AddMinutes(5));
        var reinstated = new SuspensionStatus(null, null, null, Unit.Since);
        var e = Assert.Throws<DomainException>(() => SuspensionPolicy.EnsureReleasable(granted, reinstated));
        Assert.Contains("revoked", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grant_approved_after_reinstatement_is_releasable()
    {
        var granted = Scenario.Submitted(Scenario.AtuOfficer).Approve(Scenario.PoliceApprover1, "", Scenario.Start.AddHours(2));
        SuspensionPolicy.EnsureReleasable(granted, new SuspensionStatus(null, null, null, Unit.Since));
    }

    [Fact]
    public void A_suspended_requesters_pending_request_is_frozen()
    {
        var pending = Scenario.Submitted(Scenario.AtuOfficer);
        var e = Assert.Throws<DomainException>(() => SuspensionPolicy.EnsureDecidable(pending, new SuspensionStatus(null, Unit, null, Unit.Since)));
        Assert.Equal(DomainErrorKind.FailedPrecondition, e.Kind);
        SuspensionPolicy.EnsureDecidable(pending, SuspensionStatus.None);
    }
}
