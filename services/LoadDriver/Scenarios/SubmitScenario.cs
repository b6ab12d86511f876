using System.Collections.Concurrent;

namespace DataBroker.LoadDriver.Scenarios;

/// <summary>RequestService/Submit with a fresh idempotency key each time: the write path, not the replay path.</summary>
internal sealed class SubmitScenario(Submissions submissions, ConcurrentQueue<(long Officer, string Id)>? acknowledged = null) : LoadScenario
{
    public override string Name => "submit";

    public override async Task CallAsync(long n, CancellationToken cancellationToken)
    {
        var request = await submissions.SubmitAsync(n, callRecords: false, cancellationToken);
        acknowledged?.Enqueue((n, request.RequestId));
    }
}
