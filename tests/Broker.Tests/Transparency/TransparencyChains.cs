using System.Globalization;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Tests.Transparency;

/// <summary>Audit chains written the way the broker writes them, for the report tests: events in, linked chains out.</summary>
internal sealed class TransparencyChains
{
    public static readonly DateTimeOffset November = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, List<SourcedAuditEvent>> _events = new(StringComparer.Ordinal);
    private int _next;

    public AuditSeal Seal { get; } = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    /// <summary>A request submitted at <paramref name="at"/> and, when <paramref name="outcome"/> is given, settled <paramref name="wait"/> later.</summary>
    public string Request(string unit, string hq, DateTimeOffset at, string? outcome = null, TimeSpan wait = default, string categories = "NidDetails",
        string basis = "CourtOrder", string urgency = "Routine")
    {
        var id = $"{unit}.REQ{++_next:D4}";
        Add(unit, "request.submitted", id, "officer-" + _next, at, new()
        {
            ["requester"] = "officer-" + _next, ["case_reference"] = "CASE-" + _next, ["legal_basis"] = basis, ["categories"] = categories,
            ["subject_kind"] = "Nid", ["subject_hmac"] = Subject(_next), ["headquarters"] = hq, ["urgency"] = urgency,
            ["version"] = "1", ["state"] = "AwaitingApproval",
        });
        if (outcome is not null)
            Add(unit, outcome, id, outcome == "request.expired" ? "system" : "approver-" + _next, at + wait, new() { ["note"] = "because " + _next });
        return id;
    }

    public void Disclosed(string unit, string hq, string requestId, DateTimeOffset at, bool found = true, int thirdParties = 0, int subject = 0) =>
        Add(unit, "request.disclosed", requestId, "officer-x", at, new()
        {
            ["headquarters"] = hq, ["subject_found"] = found ? "true" : "false", ["subject_hmac"] = Subject(subject == 0 ? ++_next : subject),
            ["release_id"] = "rel-" + _next, ["third_party_numbers"] = thirdParties == 0 ? "" : thirdParties.ToString(CultureInfo.InvariantCulture),
        });

    public void Oversight(string kind, DateTimeOffset at, Dictionary<string, string> details, string actor = "system") =>
        Append(AuditSources.Oversight, new AuditEvent(kind, "", "", actor, at, details));

    public void Add(string unit, string kind, string requestId, string actor, DateTimeOffset at, Dictionary<string, string> details) =>
        Append(AuditSources.OfUnit(unit), new AuditEvent(kind, unit, requestId, actor, at, details));

    private void Append(string chain, AuditEvent e)
    {
        if (!_events.TryGetValue(chain, out var list))
            _events[chain] = list = [];
        list.Add(new SourcedAuditEvent(chain, "1-" + list.Count, e));
    }

    /// <summary>Every chain linked from genesis, by chain name.</summary>
    public Dictionary<string, IReadOnlyList<ChainEntry>> Link() => _events.ToDictionary(c => c.Key,
        c => AuditFold.Extend(c.Key, null, c.Value, Seal)!.Entries, StringComparer.Ordinal);

    public static IEnumerable<ChainPosition> Heads(IReadOnlyDictionary<string, IReadOnlyList<ChainEntry>> chains) =>
        chains.Select(c => new ChainPosition(c.Key, c.Value.Count, c.Value.Count == 0 ? AuditChain.Genesis : c.Value[^1].Hash));

    private static string Subject(int i) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));
}
