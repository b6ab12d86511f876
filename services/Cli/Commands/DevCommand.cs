using System.CommandLine;
using DataBroker.Cli.Dev;

namespace DataBroker.Cli.Commands;

/// <summary><c>dev</c>: records, broker, development identity provider and web console in this process, until Ctrl+C.</summary>
internal static class DevCommand
{
    public static Command Create(CliContext context)
    {
        var brokerPort = new Option<int>("--broker-port") { Description = "Broker port on 127.0.0.1.", DefaultValueFactory = _ => 5100 };
        var recordsPort = new Option<int>("--records-port") { Description = "Records service port on 127.0.0.1.", DefaultValueFactory = _ => 5101 };
        var idpPort = new Option<int>("--idp-port") { Description = "Development OpenID Connect provider port on 127.0.0.1.", DefaultValueFactory = _ => 5102 };
        var consolePort = new Option<int>("--console-port") { Description = "Web console port on 127.0.0.1 (HTTPS).", DefaultValueFactory = _ => 5103 };
        var jsonPort = new Option<int>("--json-port") { Description = "Broker's HTTP/JSON API port on 127.0.0.1 (HTTP/1.1).", DefaultValueFactory = _ => 5104 };
        var redis = new Option<string?>("--redis") { Description = "Redis connection string (default: the embedded in-memory store)." };
        var citizens = new Option<int>("--citizens") { Description = "Size of the synthetic population.", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic population.", DefaultValueFactory = _ => 20240607 };
        var command = new Command("dev", "Run the broker, the records service, the web console and a development identity provider locally.")
        {
            brokerPort, recordsPort, idpPort, consolePort, jsonPort, redis, citizens, seed,
        };
        context.SetAction(command, (invocation, cancellationToken) =>
        {
            var settings = new DevServerSettings(
                Port(invocation.Value(brokerPort), "--broker-port"),
                Port(invocation.Value(recordsPort), "--records-port"),
                invocation.Value(redis)?.Trim() ?? "",
                invocation.Value(citizens) is > 0 and var n ? n : throw new UsageException("--citizens: must be at least 1."),
                invocation.Value(seed),
                Port(invocation.Value(idpPort), "--idp-port"),
                Port(invocation.Value(consolePort), "--console-port"),
                Port(invocation.Value(jsonPort), "--json-port"));
            int[] ports = [settings.BrokerPort, settings.RecordsPort, settings.IdentityProviderPort, settings.ConsolePort, settings.JsonPort];
            if (ports.Distinct().Count() != ports.Length)
                throw new UsageException("--broker-port, --records-port, --idp-port, --console-port and --json-port must all differ.");
            return DevServer.RunAsync(settings, invocation.Out, cancellationToken);
        });
        return command;
    }

    private static int Port(int port, string option) =>
        port is > 0 and <= 65535 ? port : throw new UsageException($"{option}: {port} is not a TCP port.");
}
