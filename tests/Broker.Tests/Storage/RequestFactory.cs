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

    /// <summary>A fresh unit per test, so tests sharing one Redis never see each other.</summary>
    public static string NewUnit() => "T" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

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
