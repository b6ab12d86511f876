using System.CommandLine;
using DataBroker.Broker.V1;
using DataBroker.Cli.Connection;
using DataBroker.Cli.Output;
using Grpc.Core;

namespace DataBroker.Cli.Commands;

/// <summary><c>watch ID</c>: a line per state change until the request reaches a final state.</summary>
internal static class WatchCommand
{
    public static Command Create(CliContext context)
    {
        var id = RequestIdArgument.Create();
        var command = new Command("watch", "Follow one of your requests until it is final.") { id };
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            using var call = invocation.Broker.Requests.Watch(
                new WatchRequest { RequestId = invocation.Value(id) }, BrokerConnection.Streaming(cancellationToken));
            await foreach (var change in call.ResponseStream.ReadAllAsync(cancellationToken))
                invocation.Write(change, writer => writer.WriteLine(RequestView.StateLine(change.Request, invocation.Time.GetUtcNow())));
        });
        return command;
    }
}
