using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Storage;
using Google.Protobuf;
using DomainRequest = DataBroker.Broker.Domain.Requests.DataRequest;
using Proto = DataBroker.Broker.V1;

namespace DataBroker.Broker.Api;

/// <summary>
/// A page of a list response, bounded by size as well as by count: a page stops before its messages pass
/// <see cref="MaxBytes"/>, and its token then continues after the last item it holds, so a run of long
/// items never makes a response too large for a client to read.
/// </summary>
public static class ResponsePage
{
    /// <summary>Under the 1 MiB a client may be set to accept, with room for the token and framing.</summary>
    public const int MaxBytes = 1024 * 1024 - (16 * 1024);

    /// <summary>Requests, paged by their (created-at, id) position.</summary>
    public static (IReadOnlyList<Proto.DataRequest> Items, string NextPageToken) Fit(IReadOnlyList<DomainRequest> requests,
        string? nextPageToken, Func<DomainRequest, Proto.DataRequest> toMessage) =>
        Fit(requests, nextPageToken, toMessage, r => PageCursor.Of(r).Encode());

    /// <summary>
    /// Audit entries, newest first across the chains, paged by where each chain was read down to: a page cut
    /// short continues from <paramref name="start"/> moved past the entries it holds.
    /// </summary>
    public static (IReadOnlyList<Proto.AuditEntry> Items, string NextPageToken) Fit(IReadOnlyList<ChainEntry> entries, AuditCursor? start,
        AuditCursor? next) =>
        Fit(entries, next?.Encode(), OversightTranslator.ToMessage,
            last => start?.Past(entries.TakeWhile(e => !ReferenceEquals(e, last)).Append(last))?.Encode() ?? "");

    private static (IReadOnlyList<TMessage> Items, string NextPageToken) Fit<TItem, TMessage>(IReadOnlyList<TItem> items,
        string? nextPageToken, Func<TItem, TMessage> toMessage, Func<TItem, string> tokenAfter) where TMessage : IMessage
    {
        var messages = new List<TMessage>(items.Count);
        var bytes = 0;
        foreach (var item in items)
        {
            var message = toMessage(item);
            // The field's tag and length prefix, then the message.
            var size = 1 + CodedOutputStream.ComputeMessageSize(message);
            if (bytes + size > MaxBytes && messages.Count > 0)
                return (messages, tokenAfter(items[messages.Count - 1]));
            bytes += size;
            messages.Add(message);
        }
        return (messages, nextPageToken ?? "");
    }
}
