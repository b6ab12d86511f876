using System.Globalization;
using DataBroker.Broker.Api;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;
using Google.Protobuf;
using BrokerProto = DataBroker.Broker.V1;

namespace DataBroker.Broker.Tests.Api;

public sealed class ResponsePageTests
{
    [Fact]
    public void An_audit_page_of_long_entries_stops_under_the_size_bound_and_its_token_is_the_last_entry_it_holds()
    {
        // Newest first, as QueryAudit reads them; each entry about 12 KB.
        var entries = Enumerable.Range(1, 200).Reverse().Select(seq => Entry(seq, new string('x', 12_000))).ToArray();

        var (page, token) = ResponsePage.Fit(entries, next: 7);

        var response = new BrokerProto.QueryAuditResponse { NextPageToken = token };
        response.Entries.AddRange(page);
        Assert.InRange(response.CalculateSize(), ResponsePage.MaxBytes - 13_000, ResponsePage.MaxBytes + 64);
        Assert.Equal(page[^1].Seq.ToString(CultureInfo.InvariantCulture), token);
    }

    [Fact]
    public void A_page_within_the_bound_keeps_every_entry_and_the_store_s_token()
    {
        var entries = Enumerable.Range(1, 200).Reverse().Select(seq => Entry(seq, "short")).ToArray();

        var (page, token) = ResponsePage.Fit(entries, next: 7);

        Assert.Equal(200, page.Count);
        Assert.Equal("7", token);
    }

    private static ChainEntry Entry(long seq, string reason) =>
        new(seq, "", "h", "unit", "ATU", new AuditEvent("kind", "ATU", "", "actor", DateTimeOffset.UnixEpoch,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["reason"] = reason }), "");
}
