using System.Globalization;
using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Oversight.Leaks;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Transparency;
using DataBroker.Broker.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace DataBroker.Broker.Api;

/// <summary>Oversight staff's calls (auditor or admin): translate, run one oversight operation, translate back.</summary>
[Authorize]
public sealed class OversightGrpcService(
    CallerResolver callers,
    AuditTrail trail,
    SubjectAccess subjects,
    Suspensions suspensions,
    IAuditJournal journal,
    LeakTracer leaks,
    IAlertStore alerts,
    EmergencyReviews emergencies,
    OrganisationChart organisation,
    TimeProvider time,
    TransparencyReports reports) : OversightService.OversightServiceBase
{
    public override async Task<VerifyAuditResponse> VerifyAudit(VerifyAuditRequest request, ServerCallContext context)
    {
        Overseer(context);
        var result = await trail.VerifyAsync(context.Budget());
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
        Overseer(context);
        var (entries, start, next) = await trail.QueryAsync(OversightTranslator.PageToken(request.PageToken), RequestTranslator.PageSize(request.PageSize),
            e => Matches(request.Unit, e.Event.Unit) && Matches(request.ActorId, e.Event.ActorId)
                && Matches(request.Kind, e.Event.Kind) && Matches(request.RequestId, e.Event.RequestId),
            context.Budget());
        var (page, token) = ResponsePage.Fit(entries, start, next);
        var response = new QueryAuditResponse { NextPageToken = token };
        response.Entries.AddRange(page);
        return response;
    }

    public override async Task<AccessBySubjectResponse> AccessBySubject(AccessBySubjectRequest request, ServerCallContext context)
    {
        var auditor = Overseer(context);
        var entries = await subjects.AccessAsync(auditor, OversightTranslator.ToSubject(request), context.Budget());
        var response = new AccessBySubjectResponse();
        response.Entries.AddRange(entries.Select(OversightTranslator.ToMessage));
        return response;
    }

    public override async Task<SuspendResponse> Suspend(SuspendRequest request, ServerCallContext context)
    {
        var overseer = Overseer(context);
        var suspension = await suspensions.SuspendAsync(overseer.Id, OversightTranslator.ToScope(request.Scope), request.Target, request.Reason,
            context.Budget());
        return new SuspendResponse { Suspension = OversightTranslator.ToMessage(suspension) };
    }

    public override async Task<ReinstateResponse> Reinstate(ReinstateRequest request, ServerCallContext context)
    {
        var admin = callers.Resolve(context);
        if (!admin.Has(Role.Admin))
            throw DomainException.Denied("Only an admin may reinstate; an auditor may suspend.");
        await suspensions.ReinstateAsync(admin.Id, OversightTranslator.ToScope(request.Scope), request.Target, request.Reason,
            context.Budget());
        return new ReinstateResponse();
    }

    public override async Task<ListSuspensionsResponse> ListSuspensions(ListSuspensionsRequest request, ServerCallContext context)
    {
        Overseer(context);
        var response = new ListSuspensionsResponse();
        response.Suspensions.AddRange((await suspensions.ListAsync(context.Budget())).Select(OversightTranslator.ToMessage));
        return response;
    }

    public override async Task<TraceLeakResponse> TraceLeak(TraceLeakRequest request, ServerCallContext context)
    {
        var auditor = Overseer(context);
        var max = request.MaxResults switch
        {
            0 => 10,
            < 0 or > 50 => throw DomainException.Invalid("max_results", "max_results must be between 1 and 50 (0 means 10)."),
            _ => request.MaxResults,
        };
        var trace = await leaks.TraceAsync(request.Text, max, context.Budget());
        // The trace and its outcome are on the record before anyone sees the answer; the text is only hashed.
        await journal.AppendAsync(new AuditEvent(OversightAuditKinds.LeakTrace, auditor.Unit ?? "", "", auditor.Id, time.GetUtcNow(),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["text_sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(request.Text))),
                ["top_suspect"] = trace.Suspects.Count > 0 && !trace.Tie ? trace.Suspects[0].OfficerId : "",
                ["tie"] = trace.Tie ? "true" : "false",
                ["watermarks"] = trace.WatermarksFound.ToString(CultureInfo.InvariantCulture),
            }), context.Budget());
        var response = new TraceLeakResponse { WatermarksFound = trace.WatermarksFound, Tie = trace.Tie, Reason = trace.Reason };
        response.Releases.AddRange(trace.Releases.Select(OversightTranslator.ToMessage));
        response.Suspects.AddRange(trace.Suspects.Select(OversightTranslator.ToMessage));
        return response;
    }

    public override async Task WatchAlerts(WatchAlertsRequest request, IServerStreamWriter<WatchAlertsResponse> responseStream,
        ServerCallContext context)
    {
        var hears = AlertAudience.For(callers.Resolve(context), organisation);
        var live = System.Threading.Channels.Channel.CreateBounded<Domain.Oversight.Alert>(
            new System.Threading.Channels.BoundedChannelOptions(1024) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropOldest });
        void OnRaised(Domain.Oversight.Alert alert)
        {
            if (hears(alert))
                live.Writer.TryWrite(alert);
        }
        // Listen first, then send the recent ones, so nothing raised in between is missed (it may come twice).
        alerts.Raised += OnRaised;
        try
        {
            // Headers now tell the client it is listening: whatever is raised from here on reaches it.
            await context.WriteResponseHeadersAsync([]);
            var sent = new HashSet<string>(StringComparer.Ordinal);
            foreach (var alert in (await alerts.RecentAsync(Math.Clamp(request.Recent, 0, 1000), context.CancellationToken)).Where(hears))
            {
                sent.Add(alert.AlertId);
                await responseStream.WriteAsync(new WatchAlertsResponse { Alert = OversightTranslator.ToMessage(alert) }, context.CancellationToken);
            }
            await foreach (var alert in live.Reader.ReadAllAsync(context.CancellationToken))
            {
                if (!sent.Remove(alert.AlertId))
                    await responseStream.WriteAsync(new WatchAlertsResponse { Alert = OversightTranslator.ToMessage(alert) }, context.CancellationToken);
            }
        }
        finally
        {
            alerts.Raised -= OnRaised;
        }
    }

    public override async Task<ListAlertsResponse> ListAlerts(ListAlertsRequest request, ServerCallContext context)
    {
        var hears = AlertAudience.For(callers.Resolve(context), organisation);
        var max = request.Max switch
        {
            0 => 100,
            < 0 or > 1000 => throw DomainException.Invalid("max", "max must be between 1 and 1000 (0 means 100)."),
            _ => request.Max,
        };
        var response = new ListAlertsResponse();
        // Newest first by when it was seen: a pattern alert is raised when its events are chained, after alerts about
        // later events raised on the request path, so raise order is not time order. Equal times keep raise order.
        response.Alerts.AddRange((await alerts.RecentAsync(max, context.Budget())).Where(hears).Reverse()
            .OrderByDescending(a => a.At).Select(OversightTranslator.ToMessage));
        return response;
    }

    public override async Task<ReviewEmergencyResponse> ReviewEmergency(ReviewEmergencyRequest request, ServerCallContext context)
    {
        var reviewer = callers.Resolve(context);
        var justified = request.Verdict switch
        {
            ReviewVerdict.Justified => true,
            ReviewVerdict.Unjustified => false,
            _ => throw DomainException.Invalid("verdict", "verdict must be REVIEW_VERDICT_JUSTIFIED or REVIEW_VERDICT_UNJUSTIFIED."),
        };
        await emergencies.ReviewAsync(reviewer, RequestTranslator.RequestId(request.RequestId), justified, request.Note, context.Budget());
        return new ReviewEmergencyResponse();
    }

    public override async Task<GetTransparencyReportResponse> GetTransparencyReport(GetTransparencyReportRequest request, ServerCallContext context)
    {
        var signed = await reports.BuildAsync(callers.Resolve(context), OversightTranslator.Instant(request.From, "from"),
            OversightTranslator.Instant(request.To, "to"), context.Budget());
        return new GetTransparencyReportResponse { SignedReport = signed.Text, PublicKeyPem = reports.PublicKeyPem };
    }

    private Officer Overseer(ServerCallContext context)
    {
        var caller = callers.Resolve(context);
        return caller.Has(Role.Auditor) || caller.Has(Role.Admin)
            ? caller
            : throw DomainException.Denied("Only oversight staff (auditor or admin) may use the oversight service.");
    }

    private static bool Matches(string filter, string value) => string.IsNullOrEmpty(filter) || filter == value;
}
