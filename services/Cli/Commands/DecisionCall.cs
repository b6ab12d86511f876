using DataBroker.Broker.V1;
using DataBroker.Cli.Output;

namespace DataBroker.Cli.Commands;

/// <summary>Sends an approver's decision and prints the request as it stands after it.</summary>
internal static class DecisionCall
{
    public static async Task SendAsync(CommandInvocation invocation, DecideRequest decision, CancellationToken cancellationToken)
    {
        var broker = invocation.Broker;
        var response = await broker.Approvals.DecideAsync(decision, broker.Unary(cancellationToken));
        invocation.Write(response, writer => RequestView.WriteDetails(writer, response.Request));
    }
}
