using System.CommandLine;
using DataBroker.Broker.V1;
using DataBroker.Cli.Output;

namespace DataBroker.Cli.Commands;

/// <summary><c>fetch ID</c>: receive an approved request's records. The broker releases them once only.</summary>
internal static class FetchCommand
{
    public static Command Create(CliContext context)
    {
        var id = RequestIdArgument.Create();
        var command = new Command("fetch", "Receive the records of an approved request (once only).") { id };
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            var broker = invocation.Broker;
            var response = await broker.Requests.FetchAsync(new FetchRequest { RequestId = invocation.Value(id) }, broker.Unary(cancellationToken));
            invocation.Write(response, writer => DisclosureView.Write(writer, response));
        });
        return command;
    }
}
