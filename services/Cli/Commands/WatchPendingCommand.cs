using System.CommandLine;
using DataBroker.Broker.V1;
using DataBroker.Cli.Connection;
using DataBroker.Cli.Output;
using Grpc.Core;

namespace DataBroker.Cli.Commands;

/// <summary><c>watch-pending</c>: the HQ queue as it is, then each change, live.</summary>
internal static class WatchPendingCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("watch-pending", "Follow your HQ's queue live: what is pending, then every change.");
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            using var call = invocation.Broker.Approvals.WatchPending(new WatchPendingRequest(), BrokerConnection.Streaming(cancellationToken));
            await foreach (var change in call.ResponseStream.ReadAllAsync(cancellationToken))
                invocation.Write(change, writer => writer.WriteLine(Line(change)));
        });
        return command;
    }

    public static string Line(WatchPendingResponse change)
    {
        var kind = DisplayText.Short(change.Kind);
        if (change.Request is not { } r)
            return kind == "SYNCED" ? "SYNCED    (live from here)" : kind;
        return DisplayText.OneLine(
            $"{kind,-9} {r.RequestId}  {r.Unit}  {r.RequesterId}  {DisplayText.Categories(r.Categories)}  {DisplayText.Short(r.State)}  approvals {DisplayText.Approvals(r)}");
    }
}
