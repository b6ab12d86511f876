using System.Text.Json;
using DataBroker.Broker.V1;
using DataBroker.LoadDriver.Scenarios;

namespace DataBroker.LoadDriver;

/// <summary>
/// `prepare`: what a ghz run needs and cannot make itself: one load officer's and one approver's token,
/// and requests in the state the call needs (pending for Get and Decide, approved for Fetch).
/// </summary>
internal static class PrepareCommand
{
    public static async Task<int> RunAsync(DriverArguments arguments)
    {
        using var target = new LoadTarget(arguments.Text("target"), 2);
        // One officer (ghz sends one set of metadata per run), in a POLICE-HQ unit.
        var identities = new LoadIdentities(1, DriverCommands.RunId());
        var submissions = new Submissions(target, identities, DriverCommands.Population(arguments));
        var approve = arguments.Text("state", "pending") == "approved";
        var count = arguments.Int("count", 1000);
        var officer = identities.OfficerAt(0);
        var approver = identities.Approver(officer.Unit, 0);
        var approvals = new ApprovalService.ApprovalServiceClient(target.Next());

        var ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var request = await submissions.SubmitAsync(0, callRecords: false, ct);
            if (approve)
                await approvals.DecideAsync(new DecideRequest { RequestId = request.RequestId, Decision = Decision.Approve }, approver, cancellationToken: ct);
            ids[i] = request.RequestId;
        });

        var prepared = new
        {
            officer_token = Token(identities.Officer(0)),
            approver_token = Token(approver),
            request_ids = ids,
        };
        await File.WriteAllTextAsync(arguments.Text("out"), JsonSerializer.Serialize(prepared));
        return 0;
    }

    private static string Token(Grpc.Core.Metadata headers) => headers.GetValue("authorization")!["Bearer ".Length..];
}
