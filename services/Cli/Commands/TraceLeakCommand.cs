using System.CommandLine;
using DataBroker.Broker.V1;
using DataBroker.Cli.Output;

namespace DataBroker.Cli.Commands;

/// <summary><c>trace-leak --file POST.txt</c>: which releases, and which officers, a leaked text came from.</summary>
internal static class TraceLeakCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Option<string>("--file") { Description = "The leaked text (e.g. a pasted channel post); '-' reads standard input.", Required = true };
        var max = new Option<int>("--max") { Description = "At most this many releases and suspects, 1 to 50 (default 10)." };
        var command = new Command("trace-leak", "Oversight: trace leaked text to the releases and officers it came from.") { file, max };
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            var path = invocation.Value(file);
            string text;
            try
            {
                text = path == "-" ? await Console.In.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(path, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--file: cannot read {path}: {e.Message}");
            }
            var broker = invocation.Broker;
            var trace = await broker.Oversight.TraceLeakAsync(new TraceLeakRequest { Text = text, MaxResults = invocation.Value(max) },
                broker.Unary(cancellationToken));
            invocation.Write(trace, writer => OversightView.WriteTrace(writer, trace));
        });
        return command;
    }
}
