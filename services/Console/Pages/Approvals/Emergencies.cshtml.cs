using DataBroker.Broker.V1;
using DataBroker.WebConsole.Broker;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataBroker.WebConsole.Pages.Approvals;

/// <summary>
/// The HQ's mandatory after-the-fact review of emergency requests: the open ones, most urgent first, each with
/// a verdict form. The broker decides who may review what; a refused or lost race is reported on the page.
/// </summary>
public sealed class EmergenciesModel(BrokerSession broker, TimeProvider time) : PageModel
{
    public IReadOnlyList<EmergencyReviewItem> Reviews { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public string? Notice { get; private set; }

    public BrokerRefusal? Refusal { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task OnPostAsync(string? requestId, string? verdict, string? note, CancellationToken cancellationToken)
    {
        Refusal = await BrokerRefusal.OfAsync(async () =>
        {
            await broker.Oversight.ReviewEmergencyAsync(new ReviewEmergencyRequest
            {
                RequestId = requestId ?? "",
                Verdict = verdict switch
                {
                    "justified" => ReviewVerdict.Justified,
                    "unjustified" => ReviewVerdict.Unjustified,
                    _ => ReviewVerdict.Unspecified,
                },
                Note = note ?? "",
            }, await broker.UnaryAsync(cancellationToken));
            Notice = verdict == "unjustified"
                ? $"Reviewed {requestId}: not justified. Oversight has been alerted about its officer."
                : $"Reviewed {requestId}: justified.";
        });
        await LoadAsync(cancellationToken);
    }

    /// <summary>Reloads after a refused review too: the queue shows what stands (someone else may have reviewed it first).</summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        var refusal = await BrokerRefusal.OfAsync(async () =>
            Reviews = (await broker.Oversight.ListEmergencyReviewsAsync(new ListEmergencyReviewsRequest(), await broker.UnaryAsync(cancellationToken))).Reviews);
        Refusal ??= refusal;
    }
}
