using DataBroker.Broker.V1;
using DataBroker.WebConsole.Broker;
using DataBroker.WebConsole.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataBroker.WebConsole.Pages.Approvals;

/// <summary>The HQ's pending requests, oldest first, live from the broker's WatchPending stream.</summary>
public sealed class IndexModel(BrokerSession broker, TimeProvider time) : PageModel
{
    public RequestTable Table { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Table = new RequestTable("queue", "Awaiting your headquarters' decision", "/live/pending", "/Approvals?handler=Rows", await RowsAsync(cancellationToken));

    public async Task<IActionResult> OnGetRowsAsync(CancellationToken cancellationToken) =>
        Partial("_RequestRows", await RowsAsync(cancellationToken));

    private async Task<RequestRows> RowsAsync(CancellationToken cancellationToken)
    {
        var pending = await broker.Approvals.ListPendingAsync(new ListPendingRequest { PageSize = 100 }, await broker.UnaryAsync(cancellationToken));
        return new RequestRows([.. pending.Requests.OrderBy(r => r.CreatedAt)], time.GetUtcNow(), "Nothing is waiting for a decision.");
    }
}
