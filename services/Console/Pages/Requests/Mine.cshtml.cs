using DataBroker.Broker.V1;
using DataBroker.WebConsole.Broker;
using DataBroker.WebConsole.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataBroker.WebConsole.Pages.Requests;

/// <summary>The officer's own requests, newest first, updating as approvers decide.</summary>
public sealed class MineModel(BrokerSession broker, TimeProvider time) : PageModel
{
    public RequestTable Table { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Table = new RequestTable("mine", "My requests", "/live/mine", "/Requests/Mine?handler=Rows", await RowsAsync(cancellationToken));

    public async Task<IActionResult> OnGetRowsAsync(CancellationToken cancellationToken) =>
        Partial("_RequestRows", await RowsAsync(cancellationToken));

    private async Task<RequestRows> RowsAsync(CancellationToken cancellationToken)
    {
        var mine = await broker.Requests.ListMineAsync(new ListMineRequest { PageSize = 50 }, await broker.UnaryAsync(cancellationToken));
        return new RequestRows(mine.Requests, time.GetUtcNow(), "You have no requests yet.");
    }
}
