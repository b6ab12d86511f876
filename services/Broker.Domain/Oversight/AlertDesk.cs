using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>Raises alerts: each is stored with its audit entry and announced live; a severe one suspends its officer.</summary>
public sealed class AlertDesk(IAlertStore alerts, Suspensions suspensions)
{
    public async Task RaiseAsync(IReadOnlyList<Alert> raised, CancellationToken cancellationToken)
    {
        foreach (var alert in raised)
        {
            await alerts.RaiseAsync(alert, new AuditEvent(OversightAuditKinds.Alert, alert.Unit, alert.RequestId, Suspensions.SystemActor, alert.At,
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["alert_id"] = alert.AlertId,
                    ["rule"] = alert.Rule,
                    ["severity"] = alert.Severity.ToString(),
                    ["officer"] = alert.OfficerId,
                    ["detail"] = alert.Detail,
                }), cancellationToken);
            if (alert.Severity == AlertSeverity.Severe)
                await suspensions.SuspendAsync(Suspensions.SystemActor, SuspensionScope.Officer, alert.OfficerId,
                    $"insider rule {alert.Rule}: {alert.Detail}", cancellationToken);
        }
    }
}
