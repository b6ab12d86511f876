using DataBroker.Broker.V1;
using DataBroker.WebConsole.Broker;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataBroker.WebConsole.Pages.Oversight;

/// <summary>
/// A leaked post pasted in, traced by the broker to the releases it came from: the ranked suspects with the
/// evidence behind each, or a tie with its reason when the evidence cannot separate them.
/// </summary>
public sealed class TraceLeakModel(BrokerSession broker) : PageModel
{
    public TraceLeakResponse? Trace { get; private set; }

    public BrokerRefusal? Refusal { get; private set; }

    public void OnGet()
    {
    }

    public async Task OnPostAsync(string? text, CancellationToken cancellationToken)
    {
        Refusal = await BrokerRefusal.OfAsync(async () =>
            Trace = await broker.Oversight.TraceLeakAsync(new TraceLeakRequest { Text = text ?? "", MaxResults = 10 },
                await broker.UnaryAsync(cancellationToken)));
    }
}
