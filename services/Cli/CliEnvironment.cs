namespace DataBroker.Cli;

/// <summary>What the CLI reads from and writes to outside itself, so a test can supply its own.</summary>
public sealed record CliEnvironment(TextWriter Out, TextWriter Error)
{
    /// <summary>Reads an environment variable (DBROKER_ADDRESS, DBROKER_TOKEN).</summary>
    public Func<string, string?> Variable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>When set, every gRPC call goes through this handler instead of the network (an in-process TestServer).</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
