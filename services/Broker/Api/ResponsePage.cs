using DataBroker.Broker.Storage;
using Google.Protobuf;
using DomainRequest = DataBroker.Broker.Domain.Requests.DataRequest;
using Proto = DataBroker.Broker.V1;

namespace DataBroker.Broker.Api;

/// <summary>
/// A page of requests as messages, bounded by size as well as by count: a page stops before its messages
/// pass <see cref="MaxBytes"/>, and its token then continues after the last request it holds, so a queue of
/// long requests never makes a response too large for a client to read.
/// </summary>
public static class ResponsePage
{
    /// <summary>Under the 1 MiB a client may be set to accept, with room for the token and framing.</summary>
    public const int MaxBytes = 1024 * 1024 - (16 * 1024);

    public static (IReadOnlyList<Proto.DataRequest> Requests, string NextPageToken) Fit(IReadOnlyList<DomainRequest> requests,
        string? nextPageToken, Func<DomainRequest, Proto.DataRequest> toMessage)
    {
        var messages = new List<Proto.DataRequest>(requests.Count);
        var bytes = 0;
        foreach (var request in requests)
        {
            var message = toMessage(request);
            // The field's tag and length prefix, then the message.
            var size = 1 + CodedOutputStream.ComputeMessageSize(message);
            if (bytes + size > MaxBytes && messages.Count > 0)
                return (messages, PageCursor.Of(requests[messages.Count - 1]).Encode());
            bytes += size;
            messages.Add(message);
        }
        return (messages, nextPageToken ?? "");
    }
}
