using DataBroker.Broker.V1;

namespace DataBroker.LoadDriver.Scenarios;

/// <summary>ApprovalService/ListPending (first page of 50) as the approvers of every headquarters in turn.</summary>
internal sealed class ListPendingScenario(LoadTarget target, Submissions submissions) : LoadScenario
{
    public override string Name => "list-pending";

    public override Task PrepareAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, 500).Select(i => submissions.SubmitAsync(i, callRecords: false, cancellationToken)));

    public override async Task CallAsync(long n, CancellationToken cancellationToken)
    {
        var reply = await new ApprovalService.ApprovalServiceClient(target.Next())
            .ListPendingAsync(new ListPendingRequest { PageSize = 50 }, submissions.Identities.AnyApprover(n), cancellationToken: cancellationToken);
        Check(reply.Requests.Count > 0 && reply.Requests.All(r => r.State == RequestState.AwaitingApproval), "list-pending returns pending requests");
    }
}
