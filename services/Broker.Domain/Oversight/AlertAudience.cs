using DataBroker.Broker.Domain.Organisation;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// Who hears which alert: oversight staff (auditor, admin) every alert; an HQ approver the alerts about the
/// units under their HQ, so an emergency the broker granted without them reaches them as it reaches oversight.
/// </summary>
public static class AlertAudience
{
    public static Func<Alert, bool> For(Officer watcher, OrganisationChart organisation)
    {
        if (watcher.Has(Role.Auditor) || watcher.Has(Role.Admin))
            return _ => true;
        if (!watcher.CanDecide)
            throw DomainException.Denied("Only oversight staff, or HQ approvers for their own units, may watch alerts.");
        var units = organisation.UnitsUnder(watcher.Headquarters!).ToHashSet(StringComparer.Ordinal);
        return alert => units.Contains(alert.Unit);
    }
}
