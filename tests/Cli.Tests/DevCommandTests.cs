using System.Net;
using System.Net.Sockets;

namespace DataBroker.Cli.Tests;

public sealed class DevCommandTests
{
    [Fact]
    public async Task Dev_serves_all_four_hosts_on_loopback_and_stops_cleanly_when_cancelled()
    {
        var (brokerPort, recordsPort, idpPort, consolePort, jsonPort) = (FreePort(), FreePort(), FreePort(), FreePort(), FreePort());
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var run = DbrokerCli.RunAsync(
            ["dev", "--broker-port", $"{brokerPort}", "--records-port", $"{recordsPort}", "--idp-port", $"{idpPort}",
                "--console-port", $"{consolePort}", "--json-port", $"{jsonPort}", "--citizens", "100"],
            new CliEnvironment(TextWriter.Synchronized(output), TextWriter.Synchronized(error)),
            stop.Token);

        await WaitUntilListeningAsync(brokerPort);
        await WaitUntilListeningAsync(recordsPort);
        await WaitUntilListeningAsync(idpPort);
        await WaitUntilListeningAsync(consolePort);
        await WaitUntilListeningAsync(jsonPort);
        // The HTTP/JSON port speaks plain HTTP/1.1, as a case-management system would: the document is public,
        // the routes are the broker's own services and want a bearer token like them.
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{jsonPort}") })
        {
            using var document = await http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, document.StatusCode);
            Assert.Equal(new Version(1, 1), document.Version);
            using var anonymous = await http.GetAsync(new Uri("/v1/requests", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
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
