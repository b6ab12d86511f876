using DataBroker.Broker.V1;
using DataBroker.WebConsole.Broker;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataBroker.WebConsole.Pages.Oversight;

/// <summary>The chained audit trail, newest first and filtered, and a check of the whole chain on demand.</summary>
public sealed class AuditModel(BrokerSession broker) : PageModel
{
    private const int PageSize = 100;

    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? RequestId { get; set; }

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
            Entries = (await broker.Oversight.QueryAuditAsync(new QueryAuditRequest
            {
                PageSize = PageSize,
                Unit = Unit?.Trim() ?? "",
                ActorId = Actor?.Trim() ?? "",
                Kind = Kind?.Trim() ?? "",
                RequestId = RequestId?.Trim() ?? "",
            }, await broker.UnaryAsync(cancellationToken))).Entries);
        Refusal ??= refusal;
    }
}
