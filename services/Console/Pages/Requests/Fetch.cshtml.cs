using DataBroker.Broker.V1;
using DataBroker.WebConsole.Broker;
using Grpc.Core;
using GrpcStatusCode = Grpc.Core.StatusCode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataBroker.WebConsole.Pages.Requests;

/// <summary>
/// Releases the approved records, once. Only a POST fetches (a reload or a link cannot); the records are shown in
/// this one response and kept nowhere by the console.
/// </summary>
public sealed class FetchModel(BrokerSession broker) : PageModel
{
    public FetchResponse? Records { get; private set; }

    public BrokerRefusal? Refusal { get; private set; }

    public string RequestId { get; private set; } = "";

    public IActionResult OnGet() => RedirectToPage("/Requests/Mine");

    public async Task<IActionResult> OnPostAsync(string? id, CancellationToken cancellationToken)
    {
        RequestId = id ?? "";
        try
        {
            Records = await broker.Requests.FetchAsync(new FetchRequest { RequestId = RequestId }, await broker.UnaryAsync(cancellationToken));
        }
        catch (RpcException e) when (e.StatusCode != GrpcStatusCode.Unauthenticated)
        {
            Refusal = BrokerRefusal.From(e);
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        return Page();
    }
}
