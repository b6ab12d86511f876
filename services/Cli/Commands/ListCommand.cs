using System.CommandLine;
using DataBroker.Broker.V1;
using DataBroker.Cli.Output;

namespace DataBroker.Cli.Commands;

/// <summary><c>list</c>: the caller's own requests, optionally filtered by state.</summary>
internal static class ListCommand
{
    public static Command Create(CliContext context)
    {
        var states = new Option<string[]>("--state")
        {
            Description = $"Only these states ({DisplayText.Choices<RequestState>()}); repeatable.",
        };
        var pageSize = new Option<int>("--page-size") { Description = "Requests per page, 1 to 200 (default 50)." };
        var all = new Option<bool>("--all") { Description = "Follow every page, not just the first." };
        var command = new Command("list", "List your requests, newest first.") { states, pageSize, all };
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            var request = new ListMineRequest { PageSize = invocation.Value(pageSize) };
            request.States.AddRange((invocation.Value(states) ?? []).Select(ReadState));
            var broker = invocation.Broker;
            var requests = await Paging.ReadAsync(invocation, invocation.Value(all), async pageToken =>
            {
                request.PageToken = pageToken;
                var page = await broker.Requests.ListMineAsync(request, broker.Unary(cancellationToken));
                return (page, page.Requests, page.NextPageToken);
            });
            if (!invocation.Json)
                RequestView.WriteMine(invocation.Out, requests);
        });
        return command;
    }

    private static RequestState ReadState(string text) =>
        DisplayText.ParseShort<RequestState>(text)
            ?? throw new UsageException($"--state: unknown value '{text}'; expected one of {DisplayText.Choices<RequestState>()}.");
}
