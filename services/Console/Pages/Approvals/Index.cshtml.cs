using DataBroker.Broker.V1;
using DataBroker.Records.V1;
using DataBroker.WebConsole.Broker;
using DataBroker.WebConsole.Display;
using DataBroker.WebConsole.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataBroker.WebConsole.Pages.Approvals;

/// <summary>The HQ's pending requests, oldest first, live from the broker's WatchPending stream, with filters.</summary>
public sealed class IndexModel(BrokerSession broker, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public Category? Category { get; set; }
    [BindProperty(SupportsGet = true)] public Urgency? Urgency { get; set; }
    [BindProperty(SupportsGet = true)] public int? OlderThanMinutes { get; set; }

    public RequestTable Table { get; private set; } = null!;

    /// <summary>The whole queue by time waiting (not narrowed by the filters), as loaded.</summary>
    public BarChart QueueAge { get; private set; } = null!;

    /// <summary>The units present in the queue, to filter by.</summary>
    public IReadOnlyList<string> Units { get; private set; } = [];

    private IReadOnlyList<DataRequest> _queue = [];

    private QueueFilter Filter => new(Unit, Category is DataBroker.Records.V1.Category.Unspecified ? null : Category,
        Urgency is DataBroker.Broker.V1.Urgency.Unspecified ? null : Urgency, OlderThanMinutes is > 0 ? OlderThanMinutes : null);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var (rows, units) = await RowsAsync(cancellationToken);
        Units = units;
        QueueAge = ChartData.QueueAge(_queue, rows.Now);
        var query = Filter.Query();
        Table = new RequestTable("queue", "Awaiting your headquarters' decision", "/live/pending",
            "/Approvals?handler=Rows" + (query.Length > 0 ? "&" + query : ""), rows);
    }

    public async Task<IActionResult> OnGetRowsAsync(CancellationToken cancellationToken) =>
        Partial("_RequestRows", (await RowsAsync(cancellationToken)).Rows);

    private async Task<(RequestRows Rows, IReadOnlyList<string> Units)> RowsAsync(CancellationToken cancellationToken)
    {
        var pending = await broker.Approvals.ListPendingAsync(new ListPendingRequest { PageSize = 100 }, await broker.UnaryAsync(cancellationToken));
        _queue = pending.Requests;
        var now = time.GetUtcNow();
        var filter = Filter;
        var shown = pending.Requests.Where(r => filter.Matches(r, now)).OrderBy(r => r.CreatedAt).ToList();
        var units = pending.Requests.Select(r => r.Unit).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return (new RequestRows(shown, now, pending.Requests.Count == 0 ? "Nothing is waiting for a decision." : "Nothing matches these filters."), units);
    }
}
