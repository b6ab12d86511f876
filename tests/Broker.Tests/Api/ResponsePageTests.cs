using DataBroker.Broker.Api;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;
using Google.Protobuf;
using BrokerProto = DataBroker.Broker.V1;

namespace DataBroker.Broker.Tests.Api;

public sealed class ResponsePageTests
{
    [Fact]
    public void An_audit_page_of_long_entries_stops_under_the_size_bound_and_its_token_continues_below_the_last_entry_it_holds()
    {
        // Newest first, as QueryAudit reads them; each entry about 12 KB.
        var entries = Enumerable.Range(1, 200).Reverse().Select(seq => Entry(seq, new string('x', 12_000))).ToArray();

        var (page, token) = ResponsePage.Fit(entries, Start, Next);

        var response = new BrokerProto.QueryAuditResponse { NextPageToken = token };
        response.Entries.AddRange(page);
        Assert.InRange(response.CalculateSize(), ResponsePage.MaxBytes - 13_000, ResponsePage.MaxBytes + 64);
        var continued = AuditCursor.Decode(token)!;
        Assert.Equal(page[^1].Seq, continued.Tops["unit:ATU"]);
        // The other chain had nothing in this page: the next page reads it from where this one started.
        Assert.Equal(50, continued.Tops["oversight"]);
    }

    [Fact]
    public void A_page_within_the_bound_keeps_every_entry_and_the_store_s_token()
    {
        var entries = Enumerable.Range(1, 200).Reverse().Select(seq => Entry(seq, "short")).ToArray();

        var (page, token) = ResponsePage.Fit(entries, Start, Next);

        Assert.Equal(200, page.Count);
        Assert.Equal(Next.Encode(), token);
    }

    private static readonly AuditCursor Start = new(new Dictionary<string, long> { ["unit:ATU"] = 201, ["oversight"] = 50 });

    private static readonly AuditCursor Next = new(new Dictionary<string, long> { ["oversight"] = 50 });

    private static ChainEntry Entry(long seq, string reason) =>
        new(seq, "", "h", "unit:ATU", "1-" + seq, new AuditEvent("kind", "ATU", "", "actor", DateTimeOffset.UnixEpoch,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["reason"] = reason }), "");
}
