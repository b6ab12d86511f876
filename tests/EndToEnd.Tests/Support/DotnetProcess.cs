using System.Diagnostics;
using System.Text;

namespace DataBroker.EndToEnd.Tests.Support;

/// <summary>A built .NET program run as a real child process; killed (with its tree) on dispose.</summary>
internal sealed class DotnetProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DotnetProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    public static DotnetProcess Start(string assembly, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = Info("dotnet", [assembly, .. arguments], environment);
        // From its own folder, as deployed: the content root then holds the service's own appsettings.json, not
        // whichever referenced project's settings file last landed in the test's output folder.
        start.WorkingDirectory = Path.GetDirectoryName(assembly)!;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + assembly);
        var running = new DotnetProcess(process);
        process.OutputDataReceived += (_, e) => running.Append(e.Data);
        process.ErrorDataReceived += (_, e) => running.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Runs a built .NET program to completion (bounded) and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string assembly, IEnumerable<string> arguments,
        IDictionary<string, string>? environment = null, TimeSpan? timeout = null) =>
        RunExecutableAsync("dotnet", [assembly, .. arguments], environment, timeout);

    /// <summary>Runs any executable (the dotnet CLI itself, an installed tool) to completion, bounded.</summary>
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunExecutableAsync(string fileName, IEnumerable<string> arguments,
        IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        using var process = Process.Start(Info(fileName, arguments, environment)) ?? throw new InvalidOperationException("Could not start " + fileName);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private static ProcessStartInfo Info(string fileName, IEnumerable<string> arguments, IDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        return start;
    }
}
