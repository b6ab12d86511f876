using System.CommandLine;
using DataBroker.Broker.V1;
using DataBroker.Cli.Output;

namespace DataBroker.Cli.Commands;

/// <summary><c>pending</c>: the requests awaiting the caller's headquarters.</summary>
internal static class PendingCommand
{
    public static Command Create(CliContext context)
    {
        var pageSize = new Option<int>("--page-size") { Description = "Requests per page, 1 to 200 (default 50)." };
        var firstPageOnly = new Option<bool>("--first-page") { Description = "Show only the first page." };
        var command = new Command("pending", "List the requests awaiting your HQ's decision.") { pageSize, firstPageOnly };
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            var request = new ListPendingRequest { PageSize = invocation.Value(pageSize) };
            var broker = invocation.Broker;
            var requests = await Paging.ReadAsync(invocation, !invocation.Value(firstPageOnly), async pageToken =>
            {
                request.PageToken = pageToken;
                var page = await broker.Approvals.ListPendingAsync(request, broker.Unary(cancellationToken));
                return (page, page.Requests, page.NextPageToken);
            });
            if (!invocation.Json)
                RequestView.WritePending(invocation.Out, requests);
        });
        return command;
    }
}
