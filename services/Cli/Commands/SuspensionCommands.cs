using System.CommandLine;
using DataBroker.Broker.V1;
using DataBroker.Cli.Output;

namespace DataBroker.Cli.Commands;

/// <summary><c>suspend</c>, <c>reinstate</c> and <c>suspensions</c>: bar an officer or a unit, lift it, list who is barred.</summary>
internal static class SuspensionCommands
{
    public static Command Suspend(CliContext context)
    {
        var (officer, unit, reason) = TargetOptions("Why (required; the suspended see it).");
        var command = new Command("suspend", "Oversight: suspend an officer or a whole unit, at once on every broker.") { officer, unit, reason };
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            var (scope, target) = Target(invocation, officer, unit);
            var broker = invocation.Broker;
            var response = await broker.Oversight.SuspendAsync(new SuspendRequest { Scope = scope, Target = target, Reason = invocation.Value(reason) },
                broker.Unary(cancellationToken));
            invocation.Write(response, writer => writer.WriteLine("suspended: " + OversightView.Suspension(response.Suspension)));
        });
        return command;
    }

    public static Command Reinstate(CliContext context)
    {
        var (officer, unit, reason) = TargetOptions("Why the suspension ends (required).");
        var command = new Command("reinstate", "Admin: lift a suspension. Grants that were live when it began stay revoked.") { officer, unit, reason };
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            var (scope, target) = Target(invocation, officer, unit);
            var broker = invocation.Broker;
            var response = await broker.Oversight.ReinstateAsync(new ReinstateRequest { Scope = scope, Target = target, Reason = invocation.Value(reason) },
                broker.Unary(cancellationToken));
            invocation.Write(response, writer => writer.WriteLine($"reinstated: {target}"));
        });
        return command;
    }

    public static Command List(CliContext context)
    {
        var command = new Command("suspensions", "Oversight: the suspensions in force.");
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            var broker = invocation.Broker;
            var response = await broker.Oversight.ListSuspensionsAsync(new ListSuspensionsRequest(), broker.Unary(cancellationToken));
            invocation.Write(response, writer =>
            {
                if (response.Suspensions.Count == 0)
                    writer.WriteLine("no suspensions in force.");
                foreach (var suspension in response.Suspensions)
                    writer.WriteLine(OversightView.Suspension(suspension));
            });
        });
        return command;
    }

    private static (Option<string?> Officer, Option<string?> Unit, Option<string> Reason) TargetOptions(string reasonText) =>
        (new Option<string?>("--officer") { Description = "The officer's id." },
            new Option<string?>("--unit") { Description = "A whole unit, e.g. RAB-6." },
            new Option<string>("--reason") { Description = reasonText, Required = true });

    private static (SuspensionScope Scope, string Target) Target(CommandInvocation invocation, Option<string?> officer, Option<string?> unit) =>
        (invocation.Value(officer), invocation.Value(unit)) switch
        {
            ({ } o, null) => (SuspensionScope.Officer, o),
            (null, { } u) => (SuspensionScope.Unit, u),
            _ => throw new UsageException("give exactly one of --officer and --unit."),
        };
}
