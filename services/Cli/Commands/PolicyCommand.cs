using System.CommandLine;
using DataBroker.Broker.V1;
using DataBroker.Cli.Output;

namespace DataBroker.Cli.Commands;

/// <summary><c>policy show</c>: the approval policy in force on the broker, for anyone with a token.</summary>
internal static class PolicyCommand
{
    public static Command Create(CliContext context) => new("policy", "Read the approval policy in force.")
    {
        Show(context),
    };

    private static Command Show(CliContext context)
    {
        var command = new Command("show", "Print the approval policy in force: who must approve each category, what each legal basis allows, how long a grant lasts.");
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            var broker = invocation.Broker;
            var response = await broker.Policy.GetPolicyAsync(new GetPolicyRequest(), broker.Unary(cancellationToken));
            invocation.Write(response, writer => PolicyView.Write(writer, response.Policy ?? new ApprovalPolicy()));
        });
        return command;
    }
}
