using System.CommandLine;
using DataBroker.Cli.Connection;
using Grpc.Core;

namespace DataBroker.Cli.Commands;

/// <summary>
/// What every command shares: the global options and the environment. Its <see cref="SetAction"/> gives each
/// command the same error handling, so no command prints a stack trace or invents its own exit codes.
/// </summary>
internal sealed class CliContext(CliEnvironment environment, GlobalOptions globals)
{
    public CliEnvironment Environment => environment;

    public void SetAction(Command command, Func<CommandInvocation, CancellationToken, Task> body) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var invocation = new CommandInvocation(parseResult, environment, globals);
            try
            {
                await body(invocation, cancellationToken);
                return ExitCodes.Success;
            }
            catch (UsageException e)
            {
                await environment.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (CommandFailedException e)
            {
                await environment.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Failure;
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested
                && (e is OperationCanceledException || e is RpcException { StatusCode: StatusCode.Cancelled }))
            {
                return ExitCodes.Interrupted;
            }
            catch (RpcException e)
            {
                await environment.Error.WriteLineAsync(RpcErrorText.Describe(e));
                return ExitCodes.Failure;
            }
        });
}
