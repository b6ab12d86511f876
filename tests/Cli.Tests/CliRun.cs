namespace DataBroker.Cli.Tests;

/// <summary>Runs the whole CLI in process and captures what it printed.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static async Task<CliRun> ExecuteAsync(string[] args, HttpMessageHandler? handler = null,
        IReadOnlyDictionary<string, string>? variables = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error)
        {
            HttpHandler = handler,
            Variable = name => variables is not null && variables.TryGetValue(name, out var value) ? value : null,
        };
        var exitCode = await DbrokerCli.RunAsync(args, environment).WaitAsync(DefaultTimeout);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
