using System.CommandLine;
using DataBroker.Broker.V1;
using DataBroker.Cli.Output;

namespace DataBroker.Cli.Commands;

/// <summary><c>status ID</c>: one request, with its approvals and history.</summary>
internal static class StatusCommand
{
    public static Command Create(CliContext context)
    {
        var id = RequestIdArgument.Create();
        var command = new Command("status", "Show one of your requests.") { id };
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            var broker = invocation.Broker;
            var response = await broker.Requests.GetAsync(new GetRequest { RequestId = invocation.Value(id) }, broker.Unary(cancellationToken));
            invocation.Write(response, writer => RequestView.WriteDetails(writer, response.Request));
        });
        return command;
    }
}
