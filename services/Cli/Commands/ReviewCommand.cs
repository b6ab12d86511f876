using System.CommandLine;
using DataBroker.Broker.V1;

namespace DataBroker.Cli.Commands;

/// <summary><c>review ID --justified|--unjustified --note</c>: HQ's mandatory review of an emergency request.</summary>
internal static class ReviewCommand
{
    public static Command Create(CliContext context)
    {
        var id = RequestIdArgument.Create();
        var justified = new Option<bool>("--justified") { Description = "The emergency was real." };
        var unjustified = new Option<bool>("--unjustified") { Description = "It was not: raises an alert on the officer." };
        var note = new Option<string>("--note") { Description = "What the review found (required when unjustified).", DefaultValueFactory = _ => "" };
        var command = new Command("review", "HQ approvers and oversight: review an emergency request after the fact.") { id, justified, unjustified, note };
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            var verdict = (invocation.Value(justified), invocation.Value(unjustified)) switch
            {
                (true, false) => ReviewVerdict.Justified,
                (false, true) => ReviewVerdict.Unjustified,
                _ => throw new UsageException("give exactly one of --justified and --unjustified."),
            };
            var broker = invocation.Broker;
            var response = await broker.Oversight.ReviewEmergencyAsync(new ReviewEmergencyRequest
            {
                RequestId = invocation.Value(id), Verdict = verdict, Note = invocation.Value(note),
            }, broker.Unary(cancellationToken));
            invocation.Write(response, writer => writer.WriteLine($"reviewed {invocation.Value(id)}: {(verdict == ReviewVerdict.Justified ? "justified" : "unjustified")}"));
        });
        return command;
    }
}
