using System.CommandLine;
using DataBroker.Broker.V1;

namespace DataBroker.Cli.Commands;

/// <summary><c>reject ID --reason</c>: refuse a request; the reason is required and goes to the officer.</summary>
internal static class RejectCommand
{
    public static Command Create(CliContext context)
    {
        var id = RequestIdArgument.Create();
        var reason = new Option<string>("--reason") { Description = "Why it is refused (required).", Required = true };
        var command = new Command("reject", "Reject a pending request of your HQ's units.") { id, reason };
        context.SetAction(command, (invocation, cancellationToken) =>
        {
            var text = invocation.Value(reason);
            if (string.IsNullOrWhiteSpace(text))
                throw new UsageException("--reason: a rejection needs a reason.");
            return DecisionCall.SendAsync(invocation, new DecideRequest
            {
                RequestId = invocation.Value(id),
                Decision = Decision.Reject,
                Note = text.Trim(),
            }, cancellationToken);
        });
        return command;
    }
}
