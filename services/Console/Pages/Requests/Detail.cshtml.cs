using DataBroker.Broker.V1;
using DataBroker.Identity;
using DataBroker.WebConsole.Broker;
using Grpc.Core;
using GrpcStatusCode = Grpc.Core.StatusCode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataBroker.WebConsole.Pages.Requests;

/// <summary>
/// One request: what was asked and why, quorum progress and the full history, and the actions the signed-in
/// person may take. The broker decides every action; this page only hides buttons the broker would refuse.
/// </summary>
public sealed class DetailModel(BrokerSession broker) : PageModel
{
    public DataRequest? Shown { get; private set; }

    /// <summary>The outcome of the last action, in words (a race reads "someone else decided first").</summary>
    public string? Notice { get; private set; }

    public BrokerRefusal? Refusal { get; private set; }

    private string Me => User.FindFirst(ClaimNames.Subject)?.Value ?? "";

    public bool IsOwn => Shown is not null && string.Equals(Shown.RequesterId, Me, StringComparison.Ordinal);

    public bool MayDecide => Shown is { State: RequestState.AwaitingApproval } r && !IsOwn
        && (User.IsInRole(Roles.Approver) || User.IsInRole(Roles.Admin))
        && r.Approvals.All(a => a.ApproverId != Me);

    public bool MayCancel => IsOwn && Shown!.State is RequestState.AwaitingApproval or RequestState.Approved;

    public bool MayFetch => IsOwn && Shown!.State == RequestState.Approved;

    public Task<IActionResult> OnGetAsync(string? id, CancellationToken cancellationToken) => LoadAsync(id, cancellationToken);

    /// <summary>The state, facts and history as they stand, for the live page (server-rendered and encoded like the page).</summary>
    public async Task<IActionResult> OnGetFactsAsync(string? id, CancellationToken cancellationToken)
    {
        await LoadAsync(id, cancellationToken);
        return Shown is null ? StatusCode(Response.StatusCode) : Partial("_RequestFacts", Shown);
    }

    public Task<IActionResult> OnPostApproveAsync(string? id, long version, string? note, CancellationToken cancellationToken) =>
        DecideAsync(id, version, Decision.Approve, note, cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(string? id, long version, string? reason, CancellationToken cancellationToken) =>
        DecideAsync(id, version, Decision.Reject, reason, cancellationToken);

    public async Task<IActionResult> OnPostCancelAsync(string? id, string? reason, CancellationToken cancellationToken)
    {
        try
        {
            await broker.Requests.CancelAsync(new CancelRequest { RequestId = id ?? "", Reason = reason ?? "" }, await broker.UnaryAsync(cancellationToken));
            Notice = "The request is cancelled.";
        }
        catch (RpcException e) when (e.StatusCode != GrpcStatusCode.Unauthenticated)
        {
            Refusal = BrokerRefusal.From(e);
        }
        return await LoadAsync(id, cancellationToken);
    }

    private async Task<IActionResult> DecideAsync(string? id, long version, Decision decision, string? note, CancellationToken cancellationToken)
    {
        try
        {
            var decided = await broker.Approvals.DecideAsync(new DecideRequest
            {
                RequestId = id ?? "",
                Decision = decision,
                Note = note ?? "",
                // What the person saw: if anything changed since, the broker answers ABORTED and we say so.
                ExpectedVersion = version,
            }, await broker.UnaryAsync(cancellationToken));
            Notice = decision == Decision.Approve
                ? $"You approved it. Approvals: {Display.Labels.Quorum(decided.Request)}."
                : "You rejected it.";
        }
        catch (RpcException e) when (e.StatusCode is GrpcStatusCode.Aborted or GrpcStatusCode.FailedPrecondition)
        {
            Notice = "Someone else decided first, or the request changed while you looked: your decision was not recorded. Here it is as it stands now.";
        }
        catch (RpcException e) when (e.StatusCode != GrpcStatusCode.Unauthenticated)
        {
            Refusal = BrokerRefusal.From(e);
        }
        return await LoadAsync(id, cancellationToken);
    }

    private async Task<IActionResult> LoadAsync(string? id, CancellationToken cancellationToken)
    {
        try
        {
            Shown = (await broker.Requests.GetAsync(new GetRequest { RequestId = id ?? "" }, await broker.UnaryAsync(cancellationToken))).Request;
        }
        catch (RpcException e) when (e.StatusCode is GrpcStatusCode.NotFound or GrpcStatusCode.InvalidArgument or GrpcStatusCode.PermissionDenied)
        {
            Refusal = BrokerRefusal.From(e);
            Response.StatusCode = e.StatusCode == GrpcStatusCode.PermissionDenied ? StatusCodes.Status403Forbidden : StatusCodes.Status404NotFound;
        }
        return Page();
    }
}
