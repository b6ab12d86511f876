using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Domain.Workflow;
using DataBroker.Broker.V1;
using DataBroker.Records.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace DataBroker.Broker.Api;

/// <summary>Officers' calls: translate, run one workflow operation, translate back.</summary>
[Authorize]
public sealed class RequestGrpcService(
    RequestWorkflow workflow,
    CallerResolver callers,
    IRecordsReader<LookupResponse> records,
    IReleaseRecorder<LookupResponse> releases,
    TimeProvider time) : RequestService.RequestServiceBase
{
    public override async Task<SubmitResponse> Submit(SubmitRequest request, ServerCallContext context)
    {
        var officer = callers.Resolve(context);
        var result = await workflow.SubmitAsync(officer, RequestTranslator.ToDraft(request), context.Budget());
        return new SubmitResponse { Request = Message(result.Request), Replayed = result.Replayed };
    }

    public override async Task<GetResponse> Get(GetRequest request, ServerCallContext context)
    {
        var officer = callers.Resolve(context);
        var found = await workflow.GetAsync(officer, RequestTranslator.RequestId(request.RequestId), context.Budget());
        return new GetResponse { Request = Message(found) };
    }

    public override async Task<ListMineResponse> ListMine(ListMineRequest request, ServerCallContext context)
    {
        var officer = callers.Resolve(context);
        var states = request.States.Select(s => RequestTranslator.ToState(s, "states")).ToHashSet();
        var page = await workflow.ListMineAsync(officer, states, request.PageToken, RequestTranslator.PageSize(request.PageSize),
            context.Budget());
        var (requests, next) = ResponsePage.Fit(page.Requests, page.NextPageToken, Message);
        var response = new ListMineResponse { NextPageToken = next };
        response.Requests.AddRange(requests);
        return response;
    }

    public override async Task Watch(WatchRequest request, IServerStreamWriter<WatchResponse> responseStream, ServerCallContext context)
    {
        var officer = callers.Resolve(context);
        await foreach (var change in workflow.WatchAsync(officer, RequestTranslator.RequestId(request.RequestId), context.CancellationToken))
            await responseStream.WriteAsync(new WatchResponse { Request = Message(change) }, context.CancellationToken);
    }

    public override async Task<CancelResponse> Cancel(CancelRequest request, ServerCallContext context)
    {
        var officer = callers.Resolve(context);
        var cancelled = await workflow.CancelAsync(officer, RequestTranslator.RequestId(request.RequestId), request.Reason,
            context.Budget());
        return new CancelResponse { Request = Message(cancelled) };
    }

    public override async Task<FetchResponse> Fetch(FetchRequest request, ServerCallContext context)
    {
        var officer = callers.Resolve(context);
        var release = await workflow.FetchAsync(officer, RequestTranslator.RequestId(request.RequestId), records, context.Budget(),
            releases);
        var found = release.Records;
        var response = new FetchResponse
        {
            RequestId = release.Request.Id,
            ReleaseId = release.ReleaseId,
            SubjectFound = release.SubjectFound,
        };
        // Copy only what the approved categories allow, whatever the records service sent.
        var approved = release.Request.Categories;
        if (approved.Contains(Domain.Requests.Category.NidDetails))
            response.NidDetails = found.NidDetails;
        if (approved.Contains(Domain.Requests.Category.SimRegistrations))
            response.SimRegistrations.AddRange(found.SimRegistrations);
        if (approved.Contains(Domain.Requests.Category.CallRecords))
            response.CallRecords.AddRange(found.CallRecords);
        if (approved.Contains(Domain.Requests.Category.CriminalRecord))
            response.CriminalRecord = found.CriminalRecord;
        return response;
    }

    private V1.DataRequest Message(Domain.Requests.DataRequest request) => RequestTranslator.ToMessage(request, time.GetUtcNow());
}
