using System.CommandLine;

namespace DataBroker.Cli;

/// <summary>Options every command accepts, wherever they stand on the command line.</summary>
internal sealed class GlobalOptions
{
    public const string AddressVariable = "DBROKER_ADDRESS";
    public const string TokenVariable = "DBROKER_TOKEN";
    public const string DefaultAddress = "http://127.0.0.1:5100";

    public Option<string?> Broker { get; } = new("--broker")
    {
        Description = $"Broker address (default: ${AddressVariable}, else {DefaultAddress}).",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"Bearer token, or @FILE to read it from a file (default: ${TokenVariable}).",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the protobuf JSON of each response, one object per line.",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Broker);
        root.Options.Add(Token);
        root.Options.Add(Json);
    }
}
