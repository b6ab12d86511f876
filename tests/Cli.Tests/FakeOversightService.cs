using DataBroker.Broker.V1;
using Grpc.Core;

namespace DataBroker.Cli.Tests;

/// <summary>Canned oversight answers: a tampered chain, an echoing suspension, a one-suspect trace.</summary>
internal sealed class FakeOversightService(FakeBroker.Observed seen) : OversightService.OversightServiceBase
{
    public override Task<VerifyAuditResponse> VerifyAudit(VerifyAuditRequest request, ServerCallContext context) =>
        Task.FromResult(new VerifyAuditResponse { Intact = false, EntriesChecked = 2, FirstBadSeq = 3, Chain = "unit:ATU", Reason = "the entry's hash does not match its content (edited)" });

    public override Task<SuspendResponse> Suspend(SuspendRequest request, ServerCallContext context)
    {
        seen.Suspension = request;
        return Task.FromResult(new SuspendResponse
        {
            Suspension = new Suspension { Scope = request.Scope, Target = request.Target, Reason = request.Reason, SuspendedBy = "oversight-auditor-1" },
        });
    }

    public override Task<TraceLeakResponse> TraceLeak(TraceLeakRequest request, ServerCallContext context)
    {
        seen.TracedText = request.Text;
        if (request.Text.Contains("two recipients", StringComparison.Ordinal))
        {
            return Task.FromResult(new TraceLeakResponse
            {
                Tie = true,
                Reason = "atu-officer-1 and db-officer-2 both received these citizens; no watermark or per-release trait separates them",
                Suspects =
                {
                    new Suspect { OfficerId = "atu-officer-1", Unit = "ATU", Confidence = 0.5, Releases = 2, Citizens = 2 },
                    new Suspect { OfficerId = "db-officer-2", Unit = "DB", Confidence = 0.5, Releases = 2, Citizens = 2 },
                },
            });
        }
        return Task.FromResult(new TraceLeakResponse
        {
            WatermarksFound = 0,
            Suspects = { new Suspect { OfficerId = "rab6-officer-1", Unit = "RAB-6", Confidence = 0.83, Releases = 7 } },
        });
    }
}
