using System.Text.Json;
using DataBroker.Broker.V1;
using DataBroker.LoadDriver.Scenarios;

namespace DataBroker.LoadDriver;

/// <summary>
/// `prepare`: what a ghz run needs and cannot make itself: the tokens of <c>--officers</c> load officers (spread over
/// the development units) and, for each, an approver of that officer's headquarters, and requests in the state the
/// call needs (pending for Get and Decide, approved for Fetch). Request i belongs to officer i mod N, so a ghz
/// template that picks token (RequestNumber mod N) and request id (RequestNumber mod count) sends each request with
/// its owner's token (and its HQ's approver's) whenever count is a multiple of N or each id is used once.
/// </summary>
internal static class PrepareCommand
{
    public static async Task<int> RunAsync(DriverArguments arguments)
    {
        using var target = new LoadTarget(arguments.Text("target"), 2);
        var officers = arguments.Int("officers", 1);
        if (officers < 1)
            throw new ArgumentException("--officers must be at least 1.");
        var identities = new LoadIdentities(officers, DriverCommands.RunId());
        var submissions = new Submissions(target, identities, DriverCommands.Population(arguments));
        var approve = arguments.Text("state", "pending") == "approved";
        var count = arguments.Int("count", 1000);
        var approvals = new ApprovalService.ApprovalServiceClient(target.Next());

        var ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var request = await submissions.SubmitAsync(i, callRecords: false, ct);
            if (approve)
            {
                await approvals.DecideAsync(new DecideRequest { RequestId = request.RequestId, Decision = Decision.Approve },
                    identities.Approver(identities.OfficerAt(i).Unit, 0), cancellationToken: ct);
            }
            ids[i] = request.RequestId;
        });

        var prepared = new
        {
            officer_tokens = Enumerable.Range(0, officers).Select(j => Token(identities.Officer(j))).ToArray(),
            approver_tokens = Enumerable.Range(0, officers).Select(j => Token(identities.Approver(identities.OfficerAt(j).Unit, 0))).ToArray(),
            request_ids = ids,
        };
        await File.WriteAllTextAsync(arguments.Text("out"), JsonSerializer.Serialize(prepared));
        return 0;
    }

    private static string Token(Grpc.Core.Metadata headers) => headers.GetValue("authorization")!["Bearer ".Length..];
}
