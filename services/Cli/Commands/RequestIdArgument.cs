using System.CommandLine;

namespace DataBroker.Cli.Commands;

/// <summary>The ID argument that every per-request command takes.</summary>
internal static class RequestIdArgument
{
    public static Argument<string> Create() => new("ID") { Description = "The request id, as submit printed it." };
}
