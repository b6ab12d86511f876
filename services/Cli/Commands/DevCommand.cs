using System.CommandLine;
using DataBroker.Cli.Dev;

namespace DataBroker.Cli.Commands;

/// <summary><c>dev</c>: the records service and the broker in this process, until Ctrl+C.</summary>
internal static class DevCommand
{
    public static Command Create(CliContext context)
    {
        var brokerPort = new Option<int>("--broker-port") { Description = "Broker port on 127.0.0.1.", DefaultValueFactory = _ => 5100 };
        var recordsPort = new Option<int>("--records-port") { Description = "Records service port on 127.0.0.1.", DefaultValueFactory = _ => 5101 };
        var redis = new Option<string?>("--redis") { Description = "Redis connection string (default: the embedded in-memory store)." };
        var citizens = new Option<int>("--citizens") { Description = "Size of the synthetic population.", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic population.", DefaultValueFactory = _ => 20240607 };
        var command = new Command("dev", "Run the broker and the records service locally, for development.")
        {
            brokerPort, recordsPort, redis, citizens, seed,
        };
        context.SetAction(command, (invocation, cancellationToken) =>
        {
            var settings = new DevServerSettings(
                Port(invocation.Value(brokerPort), "--broker-port"),
                Port(invocation.Value(recordsPort), "--records-port"),
                invocation.Value(redis)?.Trim() ?? "",
                invocation.Value(citizens) is > 0 and var n ? n : throw new UsageException("--citizens: must be at least 1."),
                invocation.Value(seed));
            if (settings.BrokerPort == settings.RecordsPort)
                throw new UsageException("--records-port: must differ from --broker-port.");
            return DevServer.RunAsync(settings, invocation.Out, cancellationToken);
        });
        return command;
    }

    private static int Port(int port, string option) =>
        port is > 0 and <= 65535 ? port : throw new UsageException($"{option}: {port} is not a TCP port.");
}
