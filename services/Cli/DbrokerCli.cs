using System.CommandLine;
using DataBroker.Cli.Commands;
using DataBroker.Cli.Output;

namespace DataBroker.Cli;

/// <summary>The entry point, apart from Program.cs so tests can run the whole CLI in process.</summary>
public static class DbrokerCli
{
    /// <summary>Shutdown of `dev` stops two hosts; the default 2 s would cut that short.</summary>
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        // Everything printed, by any command, help or error line, leaves through the one writer that neutralises
        // terminal control and bidi characters (other people's text reaches the screen in most views).
        using var safeOut = new TerminalSafeWriter(environment.Out);
        using var safeError = new TerminalSafeWriter(environment.Error);
        environment = environment with { Out = safeOut, Error = safeError };
        var root = CreateRootCommand(environment);
        var parseResult = root.Parse(args);

        // Parse errors are usage errors (exit 2), not failures (exit 1, System.CommandLine's default).
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
                await environment.Error.WriteLineAsync($"error: {error.Message}");
            await environment.Error.WriteLineAsync("see `dbroker --help`.");
            return ExitCodes.Usage;
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            ProcessTerminationTimeout = ShutdownGrace,
        }, cancellationToken);
    }

    internal static RootCommand CreateRootCommand(CliEnvironment environment)
    {
        var globals = new GlobalOptions();
        var context = new CliContext(environment, globals);
        var root = new RootCommand("dbroker: request, approve and fetch citizen records through the DataBroker.")
        {
            new SubmitCommand(context).Command,
            StatusCommand.Create(context),
            ListCommand.Create(context),
            WatchCommand.Create(context),
            CancelCommand.Create(context),
            FetchCommand.Create(context),
            PendingCommand.Create(context),
            WatchPendingCommand.Create(context),
            ApproveCommand.Create(context),
            RejectCommand.Create(context),
            LimitsCommand.Create(context),
            PolicyCommand.Create(context),
            AuditCommand.Create(context),
            ReportCommand.Create(context),
            TraceLeakCommand.Create(context),
            SuspensionCommands.Suspend(context),
            SuspensionCommands.Reinstate(context),
            SuspensionCommands.List(context),
            AlertsCommand.Create(context),
            ReviewCommand.Create(context),
            TokenCommand.Create(context),
            DevCommand.Create(context),
        };
        globals.AddTo(root);
        return root;
    }
}
