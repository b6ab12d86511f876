using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Transparency;
using DataBroker.Broker.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace DataBroker.Broker.Api;

/// <summary>Oversight's calls: translate, run one <see cref="OversightOffice"/> operation for the caller, translate back.</summary>
[Authorize]
public sealed class OversightGrpcService(CallerResolver callers, OversightOffice office, TransparencyReports reports)
    : OversightService.OversightServiceBase
{
    public override async Task<VerifyAuditResponse> VerifyAudit(VerifyAuditRequest request, ServerCallContext context)
    {
        var result = await office.VerifyAuditAsync(callers.Resolve(context), context.Budget());
        return new VerifyAuditResponse
        {
            Intact = result.Intact,
            EntriesChecked = result.EntriesChecked,
            CheckpointsChecked = result.CheckpointsChecked,
            FirstBadSeq = result.FirstBadSeq,
            Reason = result.Reason,
            Chain = result.Intact ? "" : result.Chain,
        };
    }

    public override async Task<QueryAuditResponse> QueryAudit(QueryAuditRequest request, ServerCallContext context)
    {
        var (entries, start, next) = await office.QueryAuditAsync(callers.Resolve(context),
            new AuditQuery(request.Unit, request.ActorId, request.Kind, request.RequestId),
            OversightTranslator.PageToken(request.PageToken), RequestTranslator.PageSize(request.PageSize), context.Budget());
        var (page, token) = ResponsePage.Fit(entries, start, next);
        var response = new QueryAuditResponse { NextPageToken = token };
        response.Entries.AddRange(page);
        return response;
    }

    public override async Task<AccessBySubjectResponse> AccessBySubject(AccessBySubjectRequest request, ServerCallContext context)
    {
        var entries = await office.AccessBySubjectAsync(callers.Resolve(context), OversightTranslator.ToSubject(request), context.Budget());
        var response = new AccessBySubjectResponse();
        response.Entries.AddRange(entries.Select(OversightTranslator.ToMessage));
        return response;
    }

    public override async Task<SuspendResponse> Suspend(SuspendRequest request, ServerCallContext context)
    {
        var suspension = await office.SuspendAsync(callers.Resolve(context), OversightTranslator.ToScope(request.Scope), request.Target,
            request.Reason, context.Budget());
        return new SuspendResponse { Suspension = OversightTranslator.ToMessage(suspension) };
    }

    public override async Task<ReinstateResponse> Reinstate(ReinstateRequest request, ServerCallContext context)
    {
        await office.ReinstateAsync(callers.Resolve(context), OversightTranslator.ToScope(request.Scope), request.Target, request.Reason,
            context.Budget());
        return new ReinstateResponse();
    }

    public override async Task<ListSuspensionsResponse> ListSuspensions(ListSuspensionsRequest request, ServerCallContext context)
    {
        var response = new ListSuspensionsResponse();
        response.Suspensions.AddRange((await office.ListSuspensionsAsync(callers.Resolve(context), context.Budget()))
            .Select(OversightTranslator.ToMessage));
        return response;
    }

    public override async Task<TraceLeakResponse> TraceLeak(TraceLeakRequest request, ServerCallContext context)
    {
        var trace = await office.TraceLeakAsync(callers.Resolve(context), request.Text, request.MaxResults, context.Budget());
        var response = new TraceLeakResponse { WatermarksFound = trace.WatermarksFound, Tie = trace.Tie, Reason = trace.Reason };
        response.Releases.AddRange(trace.Releases.Select(OversightTranslator.ToMessage));
        response.Suspects.AddRange(trace.Suspects.Select(OversightTranslator.ToMessage));
        return response;
    }

    public override async Task WatchAlerts(WatchAlertsRequest request, IServerStreamWriter<WatchAlertsResponse> responseStream,
        ServerCallContext context)
    {
        using var feed = office.WatchAlerts(callers.Resolve(context));
        // The feed listens already: headers now tell the client that whatever is raised from here on reaches it.
        await context.WriteResponseHeadersAsync([]);
        await foreach (var alert in feed.ReadAllAsync(request.Recent, context.CancellationToken))
            await responseStream.WriteAsync(new WatchAlertsResponse { Alert = OversightTranslator.ToMessage(alert) }, context.CancellationToken);
    }

    public override async Task<ListAlertsResponse> ListAlerts(ListAlertsRequest request, ServerCallContext context)
    {
        var response = new ListAlertsResponse();
        response.Alerts.AddRange((await office.ListAlertsAsync(callers.Resolve(context), request.Max, context.Budget()))
            .Select(OversightTranslator.ToMessage));
        return response;
    }

    public override async Task<ReviewEmergencyResponse> ReviewEmergency(ReviewEmergencyRequest request, ServerCallContext context)
    {
        var justified = request.Verdict switch
        {
            ReviewVerdict.Justified => true,
            ReviewVerdict.Unjustified => false,
            _ => throw DomainException.Invalid("verdict", "verdict must be REVIEW_VERDICT_JUSTIFIED or REVIEW_VERDICT_UNJUSTIFIED."),
        };
        await office.ReviewEmergencyAsync(callers.Resolve(context), RequestTranslator.RequestId(request.RequestId), justified, request.Note,
            context.Budget());
        return new ReviewEmergencyResponse();
    }

    public override async Task<GetTransparencyReportResponse> GetTransparencyReport(GetTransparencyReportRequest request, ServerCallContext context)
    {
        var signed = await reports.BuildAsync(callers.Resolve(context), OversightTranslator.Instant(request.From, "from"),
            OversightTranslator.Instant(request.To, "to"), context.Budget());
        return new GetTransparencyReportResponse { SignedReport = signed.Text, PublicKeyPem = reports.PublicKeyPem };
    }

    public override async Task<ListEmergencyReviewsResponse> ListEmergencyReviews(ListEmergencyReviewsRequest request, ServerCallContext context)
    {
        var (open, at) = await office.OpenEmergencyReviewsAsync(callers.Resolve(context), context.Budget());
        var response = new ListEmergencyReviewsResponse();
        response.Reviews.AddRange(open.Select(r => OversightTranslator.ToMessage(r, at)));
        return response;
    }
}
