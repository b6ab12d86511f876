using DataBroker.Broker.V1;
using DataBroker.Records.V1;
using DataBroker.WebConsole.Broker;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using GrpcStatusCode = Grpc.Core.StatusCode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataBroker.WebConsole.Pages.Requests;

/// <summary>
/// The submit form. The console checks nothing the broker checks: it sends what was typed and places the broker's
/// INVALID_ARGUMENT answer next to the field it names.
/// </summary>
public sealed class NewModel(BrokerSession broker, TimeProvider time) : PageModel
{
    [BindProperty] public string IdempotencyKey { get; set; } = "";
    [BindProperty] public string CaseReference { get; set; } = "";
    [BindProperty] public LegalBasis LegalBasis { get; set; }
    [BindProperty] public string Justification { get; set; } = "";
    [BindProperty] public string SubjectKind { get; set; } = "nid";
    [BindProperty] public string SubjectValue { get; set; } = "";
    [BindProperty] public List<Category> Categories { get; set; } = [];
    [BindProperty] public int CdrDays { get; set; } = 30;
    [BindProperty] public Urgency Urgency { get; set; } = Urgency.Routine;

    public BrokerRefusal? Refusal { get; private set; }

    public string? ErrorFor(string field) =>
        Refusal?.Field is { } f && (f == field || f.StartsWith(field + ".", StringComparison.Ordinal) || field.StartsWith(f + ".", StringComparison.Ordinal))
            ? Refusal.Message : null;

    public void OnGet() => IdempotencyKey = Guid.NewGuid().ToString("N");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var request = new SubmitRequest
        {
            // One key per form: submitting the same form twice returns the same request.
            IdempotencyKey = IdempotencyKey,
            CaseReference = CaseReference ?? "",
            LegalBasis = LegalBasis,
            Justification = Justification ?? "",
            Subject = SubjectKind == "msisdn" ? new Subject { Msisdn = SubjectValue ?? "" } : new Subject { Nid = SubjectValue ?? "" },
            Urgency = Urgency,
        };
        request.Categories.AddRange(Categories);
        if (Categories.Contains(Category.CallRecords))
        {
            var now = time.GetUtcNow();
            request.CdrWindow = new TimeWindow { From = Timestamp.FromDateTimeOffset(now.AddDays(-CdrDays)), To = Timestamp.FromDateTimeOffset(now) };
        }
        try
        {
            var response = await broker.Requests.SubmitAsync(request, await broker.UnaryAsync(cancellationToken));
            return RedirectToPage("/Requests/Detail", new { id = response.Request.RequestId });
        }
        catch (RpcException e) when (e.StatusCode != GrpcStatusCode.Unauthenticated)
        {
            Refusal = BrokerRefusal.From(e);
            Response.StatusCode = e.StatusCode == GrpcStatusCode.InvalidArgument ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status409Conflict;
            return Page();
        }
    }
}
