using System.Net;
using System.Net.Sockets;

namespace DataBroker.Cli.Tests;

public sealed class DevCommandTests
{
    [Fact]
    public async Task Dev_serves_all_four_hosts_on_loopback_and_stops_cleanly_when_cancelled()
    {
        var (brokerPort, recordsPort, idpPort, consolePort) = (FreePort(), FreePort(), FreePort(), FreePort());
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var run = DbrokerCli.RunAsync(
            ["dev", "--broker-port", $"{brokerPort}", "--records-port", $"{recordsPort}", "--idp-port", $"{idpPort}",
                "--console-port", $"{consolePort}", "--citizens", "100"],
            new CliEnvironment(TextWriter.Synchronized(output), TextWriter.Synchronized(error)),
            stop.Token);

        await WaitUntilListeningAsync(brokerPort);
        await WaitUntilListeningAsync(recordsPort);
        await WaitUntilListeningAsync(idpPort);
        await WaitUntilListeningAsync(consolePort);
        stop.Cancel();
        var exitCode = await run.WaitAsync(CliRun.DefaultTimeout);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains($"http://127.0.0.1:{brokerPort}", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("embedded in-memory", output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"https://127.0.0.1:{consolePort}", output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"http://127.0.0.1:{idpPort}/", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("dbroker token atu-officer-1", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("", error.ToString());
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow + CliRun.DefaultTimeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
