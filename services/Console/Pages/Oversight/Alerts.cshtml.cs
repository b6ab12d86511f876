using DataBroker.Broker.V1;
using DataBroker.WebConsole.Broker;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataBroker.WebConsole.Pages.Oversight;

/// <summary>Recent insider alerts, newest first, refreshed live as the broker raises new ones.</summary>
public sealed class AlertsModel(BrokerSession broker) : PageModel
{
    private const int Shown = 200;

    public IReadOnlyList<Alert> Alerts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Alerts = await ListAsync(cancellationToken);

    public async Task<IActionResult> OnGetRowsAsync(CancellationToken cancellationToken) => Partial("_AlertRows", await ListAsync(cancellationToken));

    private async Task<IReadOnlyList<Alert>> ListAsync(CancellationToken cancellationToken) =>
        (await broker.Oversight.ListAlertsAsync(new ListAlertsRequest { Max = Shown }, await broker.UnaryAsync(cancellationToken))).Alerts;
}
