using System.Globalization;
using DataBroker.Broker.Domain.Ports;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>How an <see cref="AuditEvent"/> is laid out as the fields of one stream entry (all strings).</summary>
internal static class RedisAuditEntry
{
    private const string Kind = "kind";
    private const string Unit = "unit";
    private const string RequestId = "request_id";
    private const string ActorId = "actor_id";
    private const string At = "at";
    // Details are prefixed so a detail can never shadow one of the fixed fields.
    private const string DetailPrefix = "detail.";

    /// <summary>The fields as the JSON array every audit-writing script decodes (cjson) and passes to XADD.</summary>
    public static string FieldsJson(AuditEvent audit) =>
        System.Text.Json.JsonSerializer.Serialize(Fields(audit), RedisJsonContext.Default.StringArray);

    /// <summary>Field, value, field, value, ...: the arguments of XADD after the id.</summary>
    public static string[] Fields(AuditEvent audit)
    {
        var fields = new List<string>(10 + 2 * audit.Details.Count)
        {
            Kind, audit.Kind,
            Unit, audit.Unit,
            RequestId, audit.RequestId,
            ActorId, audit.ActorId,
            At, audit.At.ToString("O", CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in audit.Details)
        {
            fields.Add(DetailPrefix + name);
            fields.Add(value);
        }
        return [.. fields];
    }

    public static AuditEvent Parse(StreamEntry entry)
    {
        string Required(string name) =>
            entry[name] is { IsNull: false } value ? value.ToString()
                : throw new InvalidDataException($"Audit entry {entry.Id} has no '{name}' field.");

        var details = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in entry.Values)
        {
            var name = field.Name.ToString();
            if (name.StartsWith(DetailPrefix, StringComparison.Ordinal))
                details[name[DetailPrefix.Length..]] = field.Value.ToString();
        }
        return new AuditEvent(Required(Kind), Required(Unit), Required(RequestId), Required(ActorId),
            DateTimeOffset.ParseExact(Required(At), "O", CultureInfo.InvariantCulture, DateTimeStyles.None), details);
    }
}
