using DataBroker.Broker.V1;
using DataBroker.WebConsole.Broker;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataBroker.WebConsole.Pages.Oversight;

/// <summary>
/// Every chained entry about one citizen. The identifier travels only in a POST body, never in a URL (where
/// browser history, proxies and access logs would keep it), and the broker records the question itself.
/// </summary>
public sealed class SubjectModel(BrokerSession broker) : PageModel
{
    public IReadOnlyList<AuditEntry>? Entries { get; private set; }

    public BrokerRefusal? Refusal { get; private set; }

    public string Kind { get; private set; } = "nid";

    public void OnGet()
    {
    }

    public async Task OnPostAsync(string? kind, string? identifier, CancellationToken cancellationToken)
    {
        Kind = kind == "msisdn" ? "msisdn" : "nid";
        var request = new AccessBySubjectRequest();
        if (Kind == "msisdn")
            request.Msisdn = identifier?.Trim() ?? "";
        else
            request.Nid = identifier?.Trim() ?? "";
        Refusal = await BrokerRefusal.OfAsync(async () =>
            Entries = (await broker.Oversight.AccessBySubjectAsync(request, await broker.UnaryAsync(cancellationToken))).Entries);
    }
}
