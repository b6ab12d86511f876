using System.Globalization;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Policy;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Domain.Workflow;
using Microsoft.Extensions.Time.Testing;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>Builds valid requests through the domain, on a fake clock that moves one second per request.</summary>
public sealed class RequestFactory
{
    public const string Headquarters = "HQ-TEST";
    public const string Nid = "5550001112";
    public const string Msisdn = "8801712345678";

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero));

    public RequestRules Rules { get; } = new();

    // Which third of the cluster's hash slots this test's next unit takes; an async local, so tests running in
    // parallel do not interleave their turns.
    private static readonly AsyncLocal<int?> NextThird = new();

    /// <summary>
    /// A fresh unit per test, so tests sharing one Redis never see each other. The units one test makes one after
    /// another take their hash slots from successive thirds of the 16,384 (the first at random), so on the three-master
    /// cluster, whose masters <c>redis-cli --cluster create</c> gives a third each, a test of several units spans masters
    /// (<c>RedisClusterSpreadTests</c> checks it against the cluster's own slot map).
    /// </summary>
    public static string NewUnit()
    {
        var third = NextThird.Value ?? Random.Shared.Next(3);
        NextThird.Value = (third + 1) % 3;
        while (true)
        {
            var unit = "T" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
            if (ThirdOf(HashSlot("u:" + unit)) == third)
                return unit;
        }
    }

    /// <summary>Redis Cluster's slot of a hash tag's text: CRC16 (XMODEM) modulo 16,384.</summary>
    private static int HashSlot(string tag)
    {
        var crc = 0;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(tag))
        {
            crc ^= b << 8;
            for (var bit = 0; bit < 8; bit++)
                crc = ((crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1) & 0xFFFF;
        }
        return crc % 16_384;
    }

    /// <summary>The third of the slots a slot falls in, as <c>redis-cli --cluster create</c> splits them over three masters.</summary>
    private static int ThirdOf(int slot) => slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2;

    public static Officer Requester(string unit, string id = "officer-1") => new(id, Role.Officer, unit, Headquarters);

    /// <summary>An approver of the test HQ; call records need one <c>supervisor</c> and one <c>legal</c> (the shipped policy).</summary>
    public static Officer Approver(string id, string rank = AuthorisationPolicy.Supervisor) => new(id, Role.Approver, null, Headquarters, rank);

    public DataRequest New(string unit, string requester = "officer-1", string? idempotencyKey = null, bool callRecords = false,
        Subject? subject = null, TimeSpan? after = null)
    {
        Time.Advance(after ?? TimeSpan.FromSeconds(1));
        var now = Time.GetUtcNow();
        var draft = new RequestDraft(
            idempotencyKey ?? Guid.NewGuid().ToString(),
            "FIR-117/2025",
            LegalBasis.CrPc94,
            "The subject was seen near the bank on the night of the robbery",
            subject ?? new Subject(SubjectKind.Nid, Nid),
            callRecords ? [Category.CallRecords, Category.NidDetails] : [Category.NidDetails],
            callRecords ? new TimeWindow(now.AddDays(-30), now.AddDays(-1)) : null,
            Urgency.Priority);
        return DataRequest.Create(draft, Requester(unit, requester), Headquarters, RequestIds.New(unit, now), now, Rules);
    }

    public DataRequest Approve(DataRequest request, string approver = "approver-1", string rank = AuthorisationPolicy.Supervisor) =>
        request.Approve(Approver(approver, rank), "lawful and proportionate", Time.GetUtcNow());

    public DataRequest Reject(DataRequest request) => request.Reject(Approver("approver-1"), "no case link shown", Time.GetUtcNow());

    public DataRequest Cancel(DataRequest request) => request.Cancel(Requester(request.Unit, request.RequesterId), "", Time.GetUtcNow());

    public AuditEvent Audit(DataRequest request, string kind = AuditKinds.Submitted) =>
        new(kind, request.Unit, request.Id, request.History[^1].ActorId, Time.GetUtcNow(), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["version"] = request.Version.ToString(CultureInfo.InvariantCulture),
            ["state"] = request.State.ToString(),
            ["note"] = request.History[^1].Note,
        });
}
