using System.CommandLine;
using DataBroker.Cli.Connection;
using Google.Protobuf;

namespace DataBroker.Cli.Commands;

/// <summary>One run of a command: its parsed options, where output goes, and the broker connection if it needs one.</summary>
internal sealed class CommandInvocation(ParseResult parseResult, CliEnvironment environment, GlobalOptions globals) : IDisposable
{
    private BrokerConnection? _connection;

    public ParseResult ParseResult => parseResult;

    public TextWriter Out => environment.Out;

    public TimeProvider Time => environment.Time;

    public bool Json => parseResult.GetValue(globals.Json);

    public BrokerConnection Broker => _connection ??= BrokerConnection.Open(
        parseResult.GetValue(globals.Broker) ?? environment.Variable(GlobalOptions.AddressVariable) ?? GlobalOptions.DefaultAddress,
        ReadToken(),
        environment.HttpHandler,
        environment.Time);

    public T Value<T>(Option<T> option) => parseResult.GetValue(option)!;

    public T Value<T>(Argument<T> argument) => parseResult.GetValue(argument)!;

    /// <summary>Writes <paramref name="message"/> as one line of protobuf JSON when --json is on, else runs <paramref name="writeText"/>.</summary>
    public void Write(IMessage message, Action<TextWriter> writeText)
    {
        if (Json)
            Out.WriteLine(JsonFormatter.Default.Format(message));
        else
            writeText(Out);
    }

    public void Dispose() => _connection?.Dispose();

    private string? ReadToken()
    {
        var token = parseResult.GetValue(globals.Token) ?? environment.Variable(GlobalOptions.TokenVariable);
        if (token is null || !token.StartsWith('@'))
            return token?.Trim();
        var path = token[1..];
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException e)
        {
            throw new UsageException($"--token: cannot read {path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UsageException($"--token: cannot read {path}: {e.Message}");
        }
    }
}
