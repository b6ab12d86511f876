using System.Globalization;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Domain.Workflow;
using DataBroker.Broker.Storage;
using DataBroker.Broker.Storage.Embedded;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Storage.Redis.Stored;
using DataBroker.Broker.Tests.Oversight;
using DataBroker.Broker.Tests.Support;
using Google.Protobuf;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using static DataBroker.Broker.Tests.Domain.Scenario;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>
/// The compact chain entry (format 2): every entry the request path writes is kept in it and reads back exactly as
/// linked; what it leaves out (its predecessor's hash, its unit) is supplied by its place, and where that does not
/// hold the entry reads as no entry; entries of the earlier formats still read, beside compact ones.
/// </summary>
public sealed class RedisChainEntryFormatTests : IDisposable
{
    private const string Chain = "unit:ATU";
    private readonly AtRestProtector _protector = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public void Dispose() => _protector.Dispose();

    [Fact]
    public async Task Every_kind_of_entry_the_request_path_writes_is_stored_compact_and_reads_back_as_linked_from_any_position()
    {
        var entries = Link(await RequestPathEventsAsync());
        Assert.Equal(typeof(AuditKinds).GetFields().Select(f => (string)f.GetValue(null)!).Order(), entries.Select(e => e.Event.Kind).Distinct().Order());

        var stored = entries.Select(e => RedisChainEntry.Store(e, Chain, _protector)).ToArray();

        Assert.All(stored, s => Assert.Equal(2, s[0]));
        var texts = entries.Select(e => e.Text).ToArray();
        Assert.Equal(texts, Read(stored, 1));
        for (var from = 2; from <= stored.Length; from++)
            Assert.Equal(texts[(from - 1)..], Read(stored[(from - 2)..], from));
        var walker = new ChainWalker(ChainSamples.Seal(), Chain, [], null);
        Assert.All(texts, t => Assert.True(walker.Accept(t)));
    }

    [Fact]
    public async Task A_submit_entry_is_stored_in_under_half_the_bytes_of_format_1()
    {
        var submit = Link(await RequestPathEventsAsync())[0];
        Assert.Equal(AuditKinds.Submitted, submit.Event.Kind);

        var compact = RedisChainEntry.Store(submit, Chain, _protector).Length;
        var format1 = Format1(submit).Length;

        // 187 B against 397 B: no predecessor hash, unit or request id as text, the kind, enum values and numbers as numbers,
        // details unframed.
        Assert.True(compact * 2 < format1, $"{compact} B compact, {format1} B in format 1");
    }

    [Fact]
    public void Entries_in_format_1_and_as_text_still_read_beside_compact_ones_and_give_them_their_predecessors_hash()
    {
        var entries = Link([.. Enumerable.Range(1, 4).Select(i => ChainSamples.Event(i).Event)]);
        byte[][] stored =
        [
            Format1(entries[0]),
            System.Text.Encoding.UTF8.GetBytes(_protector.Protect(entries[1].Text, Chain + "#2", "chain")),
            RedisChainEntry.Store(entries[2], Chain, _protector),
            RedisChainEntry.Store(entries[3], Chain, _protector),
        ];
        Assert.Equal<byte>([1, 2, 2], [stored[0][0], stored[2][0], stored[3][0]]);

        var texts = entries.Select(e => e.Text).ToArray();
        Assert.Equal(texts, Read(stored, 1));
        Assert.Equal(texts[1..], Read(stored, 2));
        Assert.Equal(texts[2..], Read(stored[1..], 3));
        Assert.Equal(texts[3..], Read(stored[2..], 4));
    }

    [Fact]
    public void A_compact_entry_whose_predecessor_does_not_open_reads_as_no_entry()
    {
        var entries = Link([.. Enumerable.Range(1, 2).Select(i => ChainSamples.Event(i).Event)]);
        var first = RedisChainEntry.Store(entries[0], Chain, _protector);
        var second = RedisChainEntry.Store(entries[1], Chain, _protector);
        Assert.Equal(entries[1].Text, Assert.Single(Read([first, second], 2)));

        first[^1] ^= 1;

        Assert.Null(AuditChain.Parse(Assert.Single(Read([first, second], 2))));
        Assert.All(Read([first, second], 1), t => Assert.Null(AuditChain.Parse(t)));
    }

    [Fact]
    public void A_compact_entry_read_at_another_position_or_in_another_chain_reads_as_no_entry()
    {
        var entries = Link([.. Enumerable.Range(1, 3).Select(i => ChainSamples.Event(i).Event)]);
        var stored = entries.Select(e => RedisChainEntry.Store(e, Chain, _protector)).ToArray();

        Assert.Null(AuditChain.Parse(Read([stored[0], stored[2]], 2)[0]));
        Assert.Null(AuditChain.Parse(RedisChainEntry.ReadRange([stored[0], stored[1]], "unit:RAB-6", 2, _protector)[0]));
    }

    [Fact]
    public void An_event_of_another_unit_or_of_none_keeps_its_unit_in_a_units_chain()
    {
        var rab = RequestIds.New("RAB-6", Start);
        var entries = Link([
            ChainSamples.Event(1).Event with { Unit = "RAB-6", RequestId = rab },
            ChainSamples.Event(2).Event with { Unit = "", RequestId = "" },
            ChainSamples.Event(3).Event with { RequestId = RequestIds.New("ATU", Start) },
        ]);
        var stored = entries.Select(e => RedisChainEntry.Store(e, Chain, _protector)).ToArray();

        Assert.All(stored, s => Assert.Equal(2, s[0]));
        Assert.Equal(entries.Select(e => e.Text), Read(stored, 1));
        Assert.Equal(["RAB-6", "", "ATU"], Read(stored, 1).Select(t => AuditChain.Parse(t)!.Event.Unit));
    }

    [Fact]
    public void A_compact_entry_that_leaves_its_unit_out_reads_as_no_entry_on_a_chain_of_no_unit()
    {
        var entry = AuditChain.Link(AuditChain.Genesis, 1, new SourcedAuditEvent(AuditSources.Oversight, "1764738000000-0",
            ChainSamples.Event(1).Event));
        var stored = RedisChainEntry.Store(entry, AuditSources.Oversight, _protector);
        Assert.Equal(entry.Text, RedisChainEntry.ReadRange([stored], AuditSources.Oversight, 1, _protector)[0]);

        // The same parts without the unit, sealed where they would open: the oversight chain names no unit to assume.
        var parts = new CompactChainEntry
        {
            Hash = ByteString.CopyFrom(Convert.FromHexString(entry.Hash)),
            SourceId = entry.SourceId,
            Kind = entry.Event.Kind,
            RequestId = entry.Event.RequestId,
            ActorId = entry.Event.ActorId,
            At = entry.Event.At.UtcTicks,
        };
        var unitless = Sealed(2, parts.ToByteArray(), AuditSources.Oversight, 1);

        Assert.Null(AuditChain.Parse(RedisChainEntry.ReadRange([unitless], AuditSources.Oversight, 1, _protector)[0]));
    }

    private IReadOnlyList<string> Read(byte[][] values, long fromSeq) =>
        RedisChainEntry.ReadRange([.. values.Select(v => (RedisValue)v)], Chain, fromSeq, _protector);

    /// <summary>The events one of each request path writes, as the embedded store recorded them, in order.</summary>
    private static async Task<List<AuditEvent>> RequestPathEventsAsync()
    {
        var time = new FakeTimeProvider(Start);
        var hub = new ChangeHub();
        var store = new EmbeddedRequestStore(hub);
        var workflow = new RequestWorkflow(store, hub, OrganisationChart.Default, new RequestRules(), time,
            pseudonyms: new HmacSubjectPseudonymizer([.. Enumerable.Range(7, 32).Select(i => (byte)i)]));
        var disclosed = (await workflow.SubmitAsync(AtuOfficer, Draft(Category.NidDetails, Category.SimRegistrations, Category.CallRecords), default)).Request;
        await workflow.DecideAsync(PoliceApprover1, disclosed.Id, true, "Linked to the case", 0, default);
        await workflow.DecideAsync(PoliceApprover2, disclosed.Id, true, "", 0, default);
        await workflow.FetchAsync(AtuOfficer, disclosed.Id, new CountingRecords { ThirdPartyNumbers = 12 }, default);
        var rejected = (await workflow.SubmitAsync(AtuOfficer, Draft(), default)).Request;
        await workflow.DecideAsync(PoliceApprover1, rejected.Id, false, "No link to the case.", 0, default);
        var cancelled = (await workflow.SubmitAsync(AtuOfficer, Draft(), default)).Request;
        await workflow.CancelAsync(AtuOfficer, cancelled.Id, "wrong subject", default);
        var expired = (await workflow.SubmitAsync(AtuOfficer, Draft(), default)).Request;
        time.Advance(TimeSpan.FromHours(73));
        await workflow.GetAsync(AtuOfficer, expired.Id, default);
        var events = store.AuditOf("ATU").ToList();
        // An emergency's auto-grant, as RequestWorkflow writes one (it needs the emergency rules to happen for real).
        var last = events[^1];
        events.Add(last with
        {
            Kind = AuditKinds.AutoGranted,
            At = last.At.AddSeconds(1),
            Details = new Dictionary<string, string>(last.Details) { [ChainDetails.Requester] = AtuOfficer.Id, ["state"] = "Approved", ["emergency"] = "true" },
        });
        return events;
    }

    /// <summary>The events linked into the unit's chain with the stream ids Redis gives (its clock a few ms after the event's).</summary>
    private static List<ChainEntry> Link(IReadOnlyList<AuditEvent> events)
    {
        var entries = new List<ChainEntry>();
        var prev = AuditChain.Genesis;
        foreach (var (e, i) in events.Select((e, i) => (e, i)))
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"{e.At.ToUnixTimeMilliseconds() + 3 + i}-{i % 2}");
            var entry = AuditChain.Link(prev, i + 1, new SourcedAuditEvent(Chain, id, e with { At = e.At.ToUniversalTime() }));
            entries.Add(entry);
            prev = entry.Hash;
        }
        return entries;
    }

    /// <summary>An entry as the brokers before format 2 wrote it (format 1: every part, its predecessor's hash included).</summary>
    private byte[] Format1(ChainEntry entry)
    {
        var e = entry.Event;
        var parts = new StoredChainEntry
        {
            Hash = ByteString.CopyFrom(Convert.FromHexString(entry.Hash)),
            Prev = ByteString.CopyFrom(Convert.FromHexString(entry.PrevHash)),
            SourceId = entry.SourceId,
            Kind = e.Kind,
            Unit = e.Unit,
            RequestId = e.RequestId,
            ActorId = e.ActorId,
            At = e.At.UtcTicks,
        };
        string[] known = ["requester", "case_reference", "legal_basis", "categories", "subject_kind", "headquarters", "urgency", "subject_hmac",
            "version", "state", "policy", "emergency", "approver_rank", "note", "release_id", "subject_found", "third_party_numbers", "fields", "reason"];
        foreach (var (name, value) in e.Details)
        {
            var detail = Array.IndexOf(known, name) is var n and >= 0 ? new StoredChainDetail { Known = (uint)n + 1 } : new StoredChainDetail { Name = name };
            if (value.Length > 0 && value == e.ActorId)
                detail.Actor = true;
            else if (value.Length >= 32 && value.All(char.IsAsciiHexDigitLower))
                detail.Hex = ByteString.CopyFrom(Convert.FromHexString(value));
            else
                detail.Value = value;
            parts.Details.Add(detail);
        }
        return Sealed(1, parts.ToByteArray(), entry.Source, entry.Seq);
    }

    private byte[] Sealed(byte format, byte[] parts, string chain, long seq) =>
        [format, .. _protector.Seal(parts, "chain:" + chain + "#" + seq.ToString(CultureInfo.InvariantCulture))];
}
