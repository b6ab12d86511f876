using DataBroker.Broker.V1;

namespace DataBroker.LoadDriver.Scenarios;

/// <summary>RequestService/Get of requests submitted beforehand, each by its own officer.</summary>
internal sealed class GetScenario(LoadTarget target, Submissions submissions, int prepared = 2000) : LoadScenario
{
    private (long Officer, string Id)[] _requests = [];

    public override string Name => "get";

    public override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        _requests = await Task.WhenAll(Enumerable.Range(0, prepared).Select(async i =>
            ((long)i, (await submissions.SubmitAsync(i, callRecords: false, cancellationToken)).RequestId)));
    }

    public override async Task CallAsync(long n, CancellationToken cancellationToken)
    {
        var (officer, id) = _requests[n % _requests.Length];
        var reply = await new RequestService.RequestServiceClient(target.Next())
            .GetAsync(new GetRequest { RequestId = id }, submissions.Identities.Officer(officer), cancellationToken: cancellationToken);
        Check(reply.Request?.RequestId == id, "get returns the request asked for");
    }
}
