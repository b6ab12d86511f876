using DataBroker.Broker.Domain.Workflow;
using DataBroker.Broker.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace DataBroker.Broker.Api;

/// <summary>HQ approvers' calls: translate, run one workflow operation, translate back.</summary>
[Authorize]
public sealed class ApprovalGrpcService(RequestWorkflow workflow, CallerResolver callers, TimeProvider time)
    : ApprovalService.ApprovalServiceBase
{
    public override async Task<ListPendingResponse> ListPending(ListPendingRequest request, ServerCallContext context)
    {
        var approver = callers.Resolve(context);
        var page = await workflow.ListPendingAsync(approver, request.PageToken, RequestTranslator.PageSize(request.PageSize),
            context.Budget());
        var now = time.GetUtcNow();
        var (requests, next) = ResponsePage.Fit(page.Requests, page.NextPageToken, r => RequestTranslator.ToMessage(r, now));
        var response = new ListPendingResponse { NextPageToken = next };
        response.Requests.AddRange(requests);
        return response;
    }

    public override async Task WatchPending(WatchPendingRequest request, IServerStreamWriter<WatchPendingResponse> responseStream,
        ServerCallContext context)
    {
        var approver = callers.Resolve(context);
        await foreach (var pending in workflow.WatchPendingAsync(approver, context.CancellationToken))
        {
            var message = new WatchPendingResponse { Kind = (V1.PendingEventKind)(int)pending.Kind };
            if (pending.Request is not null)
                message.Request = RequestTranslator.ToMessage(pending.Request, time.GetUtcNow());
            await responseStream.WriteAsync(message, context.CancellationToken);
        }
    }

    public override async Task<DecideResponse> Decide(DecideRequest request, ServerCallContext context)
    {
        var approver = callers.Resolve(context);
        var approve = request.Decision switch
        {
            Decision.Approve => true,
            Decision.Reject => false,
            _ => throw Domain.DomainException.Invalid("decision", "decision must be DECISION_APPROVE or DECISION_REJECT."),
        };
        var decided = await workflow.DecideAsync(approver, RequestTranslator.RequestId(request.RequestId), approve, request.Note,
            request.ExpectedVersion, context.Budget());
        return new DecideResponse { Request = RequestTranslator.ToMessage(decided, time.GetUtcNow()) };
    }
}
