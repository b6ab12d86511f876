using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>A private <c>redis-server</c> on a free loopback port, without persistence, owned by one test run.</summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private const string InstallHint = "redis-server is not on PATH. The storage tests need a real Redis; install it with: apt-get install -y redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private int _disposed;

    private RedisServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>The server's process id, for tests that pause it (SIGSTOP) to play a Redis that accepts but never answers.</summary>
    public int ProcessId => _process.Id;

    public static async Task<RedisServerProcess> StartAsync() => await StartAsync(FreePort, []);

    /// <summary>
    /// A server on a port <paramref name="choosePort"/> picks (asked again if the bind fails), with extra
    /// arguments (e.g. cluster mode) and, when given, its own working directory.
    /// </summary>
    public static async Task<RedisServerProcess> StartAsync(Func<int> choosePort, IReadOnlyList<string> extraArguments, string? directory = null)
    {
        var executable = FindOnPath("redis-server") ?? throw new InvalidOperationException(InstallHint);
        Exception? last = null;
        // Another process may take the port between our probe and redis-server's bind: try a few ports.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = choosePort();
            var process = Start(executable, port, extraArguments, directory);
            try
            {
                await WaitForPingAsync(process, port);
                return new RedisServerProcess(process, port);
            }
            catch (Exception e) when (e is IOException or TimeoutException)
            {
                last = e;
                Stop(process);
            }
        }
        throw new InvalidOperationException("redis-server did not start on a free port.", last);
    }

    /// <summary>Kills exactly this server. Idempotent: a test may stop it early.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        Stop(_process);
        await _process.WaitForExitAsync().WaitAsync(StartTimeout);
        _process.Dispose();
    }

    private static Process Start(string executable, int port, IReadOnlyList<string> extraArguments, string? directory)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory ?? "",
        };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" }.Concat(extraArguments))
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        // Drain the logs so a full pipe never stalls the server.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForPingAsync(Process process, int port)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
                throw new IOException($"redis-server exited with code {process.ExitCode} (port {port} taken?).");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(1));
                var stream = client.GetStream();
                await stream.WriteAsync("*1\r\n$4\r\nPING\r\n"u8.ToArray());
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(1));
                // With an ACL that turns the default user off, NOAUTH is the answer of a server that is up.
                var reply = Encoding.ASCII.GetString(buffer, 0, read);
                if (reply.StartsWith("+PONG", StringComparison.Ordinal) || reply.StartsWith("-NOAUTH", StringComparison.Ordinal))
                    return;
            }
            catch (Exception e) when (e is SocketException or IOException or TimeoutException)
            {
            }
            await Task.Delay(25);
        }
        throw new TimeoutException($"redis-server on port {port} did not answer PING within {StartTimeout.TotalSeconds} s.");
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
            process.Kill();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    internal static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
