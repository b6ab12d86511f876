using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Workflow;
using DataBroker.Broker.Storage.Redis;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>What naming a decision's requester and submission costs its stored chain entry, and that it still reads back exactly.</summary>
public sealed class RedisChainEntryDecisionTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_decision_naming_its_requester_and_submission_grows_by_23_bytes_and_reads_back_as_linked()
    {
        using var protector = new AtRestProtector(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var plain = Decision(new Dictionary<string, string>());
        var named = Decision(new Dictionary<string, string>
        {
            [ChainDetails.Requester] = "atu-officer-1",
            [ChainDetails.SubmittedAt] = At.AddMinutes(-20).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        });

        var grown = RedisChainEntry.Store(named, "unit:ATU", protector).Length - RedisChainEntry.Store(plain, "unit:ATU", protector).Length;

        // requester: its code (1 B), length and 13 characters (15 B); submitted_at: its code and its time as ticks from the
        // event's and offset (7 B); the details' length takes a byte more. In format 1 the two took 70 B, submitted_at as text.
        Assert.Equal(23, grown);
        Assert.Equal(named.Text, Assert.Single(RedisChainEntry.ReadRange([RedisChainEntry.Store(named, "unit:ATU", protector)], "unit:ATU", named.Seq, protector)));
    }

    private static ChainEntry Decision(Dictionary<string, string> named)
    {
        var details = new Dictionary<string, string>(named) { ["note"] = "checked", ["version"] = "2", ["state"] = "Approved", ["policy"] = "1" };
        return AuditChain.Link(AuditChain.Genesis, 1, new SourcedAuditEvent("unit:ATU", "1764738000000-0",
            new AuditEvent(AuditKinds.Approved, "ATU", "ATU.06GT9DNP02CDM1CV2BCFDR1KM4", "phq-approver-1", At, details)));
    }
}
