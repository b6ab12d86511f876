using System.CommandLine;
using DataBroker.Broker.V1;
using DataBroker.Cli.Output;

namespace DataBroker.Cli.Commands;

/// <summary><c>cancel ID</c>: withdraw a request that is not yet final.</summary>
internal static class CancelCommand
{
    public static Command Create(CliContext context)
    {
        var id = RequestIdArgument.Create();
        var reason = new Option<string?>("--reason") { Description = "Why it is withdrawn; kept in the history." };
        var command = new Command("cancel", "Withdraw one of your requests.") { id, reason };
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            var broker = invocation.Broker;
            var response = await broker.Requests.CancelAsync(
                new CancelRequest { RequestId = invocation.Value(id), Reason = invocation.Value(reason) ?? "" },
                broker.Unary(cancellationToken));
            invocation.Write(response, writer => RequestView.WriteDetails(writer, response.Request));
        });
        return command;
    }
}
