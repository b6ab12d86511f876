using DataBroker.Broker.V1;
using Google.Protobuf;

namespace DataBroker.Cli.Commands;

/// <summary>Reads one page, or every page by following next_page_token, of a request listing.</summary>
internal static class Paging
{
    public delegate Task<(IMessage Page, IEnumerable<DataRequest> Requests, string NextPageToken)> PageReader(string pageToken);

    /// <summary>The requests of the pages read; with --json each page is printed as it arrives, one per line.</summary>
    public static async Task<List<DataRequest>> ReadAsync(CommandInvocation invocation, bool all, PageReader readPage)
    {
        var requests = new List<DataRequest>();
        var pageToken = "";
        do
        {
            var (page, pageRequests, next) = await readPage(pageToken);
            invocation.Write(page, _ => { });
            requests.AddRange(pageRequests);
            pageToken = next;
        }
        while (all && pageToken.Length > 0);
        return requests;
    }
}
