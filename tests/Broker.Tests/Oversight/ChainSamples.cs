using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>Audit events and seals for the chain tests.</summary>
internal static class ChainSamples
{
    public static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    public static AuditSeal Seal() => new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public static SourcedAuditEvent Event(int i, string unit = "ATU") => new("unit:" + unit, $"1700000000000-{i}",
        new AuditEvent(i % 2 == 0 ? "request.approved" : "request.submitted", unit, $"{unit}.REQ{i}", $"officer-{i % 3}",
            Start.AddMinutes(i), new Dictionary<string, string>
            {
                ["subject_hmac"] = new string((char)('a' + i % 6), 64),
                ["note"] = "naïve «note» " + i,
            }));
}
