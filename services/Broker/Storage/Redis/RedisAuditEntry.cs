using System.Globalization;
using System.Text.Json;
using DataBroker.Broker.Domain.Ports;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// How an <see cref="AuditEvent"/> is laid out as the fields of one stream entry (all strings): who, what
/// and when in clear (what the chain's order and retention need), the details (case references, notes,
/// reasons, whatever a future event adds) sealed as one value bound to the clear fields.
/// </summary>
internal static class RedisAuditEntry
{
    private const string Kind = "kind";
    private const string Unit = "unit";
    private const string RequestId = "request_id";
    private const string ActorId = "actor_id";
    private const string At = "at";
    private const string Details = "details";

    /// <summary>The fields as the JSON array every audit-writing script decodes (cjson) and passes to XADD.</summary>
    public static string FieldsJson(AuditEvent audit, AtRestProtector protector)
    {
        var at = audit.At.ToString("O", CultureInfo.InvariantCulture);
        string[] fields =
        [
            Kind, audit.Kind,
            Unit, audit.Unit,
            RequestId, audit.RequestId,
            ActorId, audit.ActorId,
            At, at,
            Details, protector.Protect(JsonSerializer.Serialize(new Dictionary<string, string>(audit.Details, StringComparer.Ordinal),
                RedisJsonContext.Default.DictionaryStringString), audit.RequestId, Owner(audit.Kind, audit.Unit, audit.ActorId, at)),
        ];
        return JsonSerializer.Serialize(fields, RedisJsonContext.Default.StringArray);
    }

    public static AuditEvent Parse(StreamEntry entry, AtRestProtector protector)
    {
        string Required(string name) =>
            entry[name] is { IsNull: false } value ? value.ToString()
                : throw new InvalidDataException($"Audit entry {entry.Id} has no '{name}' field.");

        var (kind, unit, actor, at) = (Required(Kind), Required(Unit), Required(ActorId), Required(At));
        var requestId = Required(RequestId);
        // Throws for a value sealed elsewhere or altered: an audit entry that does not open is not silently skipped.
        var details = JsonSerializer.Deserialize(protector.Unprotect(Required(Details), requestId, Owner(kind, unit, actor, at)),
            RedisJsonContext.Default.DictionaryStringString) ?? [];
        return new AuditEvent(kind, unit, requestId, actor,
            DateTimeOffset.ParseExact(at, "O", CultureInfo.InvariantCulture, DateTimeStyles.None), details);
    }

    private static string Owner(string kind, string unit, string actor, string at) => $"audit|{kind}|{unit}|{actor}|{at}";
}
