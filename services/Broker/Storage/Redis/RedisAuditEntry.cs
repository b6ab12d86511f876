using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage.Redis.Stored;
using Google.Protobuf;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// How an <see cref="AuditEvent"/> is kept in a stream entry: one field, <c>e</c>, holding the event as a
/// <see cref="StoredAuditRecord"/> sealed whole (the details hold case references, notes and reasons). Every script
/// appends it through the one Lua routine <c>append_audit</c>; nothing in Redis reads inside it, so nothing needs
/// it in clear.
/// </summary>
internal static class RedisAuditEntry
{
    private const string Field = "e";
    private const string BoundTo = "audit";

    /// <summary>The value a script's <c>append_audit</c> writes.</summary>
    public static byte[] Seal(AuditEvent audit, AtRestProtector protector) => protector.Seal(ToRecord(audit).ToByteArray(), BoundTo);

    /// <summary>The event as its stored record (times as UTC ticks); the chain's entries hold the same record.</summary>
    public static StoredAuditRecord ToRecord(AuditEvent audit)
    {
        var stored = new StoredAuditRecord
        {
            Kind = audit.Kind,
            Unit = audit.Unit,
            RequestId = audit.RequestId,
            ActorId = audit.ActorId,
            At = audit.At.UtcTicks,
        };
        foreach (var (name, value) in audit.Details)
            stored.Details[name] = value;
        return stored;
    }

    /// <summary>The event a stored record holds, its time at <paramref name="offset"/> from UTC.</summary>
    public static AuditEvent FromRecord(StoredAuditRecord stored, TimeSpan offset) =>
        new(stored.Kind, stored.Unit, stored.RequestId, stored.ActorId, new DateTimeOffset(stored.At, TimeSpan.Zero).ToOffset(offset),
            new Dictionary<string, string>(stored.Details, StringComparer.Ordinal));

    public static AuditEvent Parse(StreamEntry entry, AtRestProtector protector)
    {
        var value = entry[Field];
        if (value.IsNull)
            throw new InvalidDataException($"Audit entry {entry.Id} has no '{Field}' field.");
        // Throws for a value sealed elsewhere or altered: an audit entry that does not open is not silently skipped.
        return FromRecord(StoredAuditRecord.Parser.ParseFrom(protector.Open((byte[])value!, BoundTo)), TimeSpan.Zero);
    }
}
