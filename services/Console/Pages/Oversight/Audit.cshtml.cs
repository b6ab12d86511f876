using DataBroker.Broker.V1;
using DataBroker.WebConsole.Broker;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataBroker.WebConsole.Pages.Oversight;

/// <summary>The chained audit trail, newest first and filtered, and a check of the whole chain on demand.</summary>
public sealed class AuditModel(BrokerSession broker) : PageModel
{
    private const int DefaultPageSize = 100;

    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? RequestId { get; set; }

    /// <summary>Entries per page, 1 to 200 (the broker's own bound); default 100.</summary>
    [BindProperty(SupportsGet = true)] public int? Size { get; set; }

    private int PageSize => Size is > 0 and <= 200 ? Size.Value : DefaultPageSize;

    /// <summary>The broker's opaque cursor of the page to show; empty: the newest entries.</summary>
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    /// <summary>The cursor of the next (older) page; empty when this page reaches the start of the trail.</summary>
    public string NextPage { get; private set; } = "";

    /// <summary>The filters as a query string, for the paging links.</summary>
    public string FilterQuery => string.Join("&", new[] { ("Unit", Unit), ("Actor", Actor), ("Kind", Kind), ("RequestId", RequestId), ("Size", Size?.ToString(System.Globalization.CultureInfo.InvariantCulture)) }
        .Where(f => !string.IsNullOrWhiteSpace(f.Item2))
        .Select(f => $"{f.Item1}={Uri.EscapeDataString(f.Item2!.Trim())}"));

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public VerifyAuditResponse? Verification { get; private set; }

    public BrokerRefusal? Refusal { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>Verification walks the whole chain: a POST, so neither a link nor a reload starts one.</summary>
    public async Task OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        Refusal = await BrokerRefusal.OfAsync(async () =>
            Verification = await broker.Oversight.VerifyAuditAsync(new VerifyAuditRequest(), await broker.UnaryAsync(cancellationToken)));
        await LoadAsync(cancellationToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var refusal = await BrokerRefusal.OfAsync(async () =>
        {
            var page = await broker.Oversight.QueryAuditAsync(new QueryAuditRequest
            {
                PageSize = PageSize,
                PageToken = After?.Trim() ?? "",
                Unit = Unit?.Trim() ?? "",
                ActorId = Actor?.Trim() ?? "",
                Kind = Kind?.Trim() ?? "",
                RequestId = RequestId?.Trim() ?? "",
            }, await broker.UnaryAsync(cancellationToken));
            Entries = page.Entries;
            NextPage = page.NextPageToken;
        });
        Refusal ??= refusal;
    }
}
