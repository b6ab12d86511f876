using System.CommandLine;
using DataBroker.Broker.V1;

namespace DataBroker.Cli.Commands;

/// <summary><c>approve ID</c>: one approver's consent; the request is approved once the quorum is reached.</summary>
internal static class ApproveCommand
{
    public static Command Create(CliContext context)
    {
        var id = RequestIdArgument.Create();
        var note = new Option<string?>("--note") { Description = "A note kept with the approval." };
        var version = new Option<long>("--expected-version") { Description = "Apply only if the request is still at this version." };
        var command = new Command("approve", "Approve a pending request of your HQ's units.") { id, note, version };
        context.SetAction(command, (invocation, cancellationToken) => DecisionCall.SendAsync(invocation, new DecideRequest
        {
            RequestId = invocation.Value(id),
            Decision = Decision.Approve,
            Note = invocation.Value(note) ?? "",
            ExpectedVersion = invocation.Value(version),
        }, cancellationToken));
        return command;
    }
}
