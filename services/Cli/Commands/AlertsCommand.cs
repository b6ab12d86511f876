using System.CommandLine;
using DataBroker.Broker.V1;
using DataBroker.Cli.Connection;
using DataBroker.Cli.Output;
using Grpc.Core;

namespace DataBroker.Cli.Commands;

/// <summary><c>alerts</c>: the recent insider alerts, then each new one live, until Ctrl+C.</summary>
internal static class AlertsCommand
{
    public static Command Create(CliContext context)
    {
        var recent = new Option<int>("--recent") { Description = "How many recent alerts to show first (default 20).", DefaultValueFactory = _ => 20 };
        var command = new Command("alerts", "Oversight, and HQ approvers for their units: follow insider alerts live.") { recent };
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            using var call = invocation.Broker.Oversight.WatchAlerts(new WatchAlertsRequest { Recent = invocation.Value(recent) },
                BrokerConnection.Streaming(cancellationToken));
            await foreach (var message in call.ResponseStream.ReadAllAsync(cancellationToken))
                invocation.Write(message, writer => writer.WriteLine(OversightView.Alert(message.Alert)));
        });
        return command;
    }
}
