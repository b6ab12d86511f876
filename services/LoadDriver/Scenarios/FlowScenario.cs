using DataBroker.Broker.V1;

namespace DataBroker.LoadDriver.Scenarios;

/// <summary>
/// The whole path of one request: submit (NID details and two days of call records), two approvals by
/// distinct approvers of the unit's HQ, and the fetch, which makes the broker call the records service.
/// </summary>
internal sealed class FlowScenario(LoadTarget target, Submissions submissions) : LoadScenario
{
    public override string Name => "flow";

    public override async Task CallAsync(long n, CancellationToken cancellationToken)
    {
        var identities = submissions.Identities;
        var officer = identities.OfficerAt(n);
        var request = await submissions.SubmitAsync(n, callRecords: true, cancellationToken);
        var approvals = new ApprovalService.ApprovalServiceClient(target.Next());
        for (var which = 0; which < 2; which++)
        {
            var decided = (await approvals.DecideAsync(new DecideRequest { RequestId = request.RequestId, Decision = Decision.Approve },
                identities.Approver(officer.Unit, which), cancellationToken: cancellationToken)).Request;
            Check(decided.State == (which == 0 ? RequestState.AwaitingApproval : RequestState.Approved), "two approvals approve a call-records request");
        }
        var fetched = await new RequestService.RequestServiceClient(target.Next())
            .FetchAsync(new FetchRequest { RequestId = request.RequestId }, identities.Officer(n), cancellationToken: cancellationToken);
        Check(fetched.SubjectFound && fetched.NidDetails?.Nid == submissions.NidFor(n) && fetched.CriminalRecord is null,
            "fetch releases the approved categories of the right citizen");
    }
}
