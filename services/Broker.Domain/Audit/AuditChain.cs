using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// The chain's encoding: entry_hash = SHA-256(prev_hash || body), where the body is a canonical JSON
/// rendering of (seq, prev, source, event). An entry is stored as "hash body"; a stored entry is
/// genuine only if re-linking its parsed content to the expected predecessor reproduces it byte for byte.
/// </summary>
public static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    public static ChainEntry Link(string prevHash, long seq, SourcedAuditEvent sourced)
    {
        var body = Body(prevHash, seq, sourced);
        var hash = Hash(prevHash, body);
        return new ChainEntry(seq, prevHash, hash, sourced.Source, sourced.SourceId, sourced.Event, hash + " " + body);
    }

    /// <summary>
    /// The text of an entry from its parts, with the hash as stored rather than recomputed: how a store that keeps an
    /// entry's parts instead of its text gives back the text itself (an altered part yields a text no walk accepts).
    /// </summary>
    public static string Render(string hash, long seq, string prevHash, SourcedAuditEvent sourced) =>
        hash + " " + Body(prevHash, seq, sourced);

    /// <summary>The entry a stored text claims to be, or null when it is not one (it may still be forged: see <see cref="ChainWalker"/>).</summary>
    public static ChainEntry? Parse(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space != 64)
            return null;
        try
        {
            using var json = JsonDocument.Parse(text.AsMemory(space + 1));
            var root = json.RootElement;
            var details = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var detail in root.GetProperty("details").EnumerateObject())
                details[detail.Name] = detail.Value.GetString() ?? "";
            var audit = new AuditEvent(
                Str(root, "kind"), Str(root, "unit"), Str(root, "request_id"), Str(root, "actor"),
                DateTimeOffset.ParseExact(Str(root, "at"), "O", CultureInfo.InvariantCulture, DateTimeStyles.None),
                details);
            return new ChainEntry(root.GetProperty("seq").GetInt64(), Str(root, "prev"), text[..space],
                Str(root, "source"), Str(root, "source_id"), audit, text);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static string Str(JsonElement root, string name) => root.GetProperty(name).GetString()
        ?? throw new FormatException($"'{name}' is null.");

    private static string Hash(string prevHash, string body)
    {
        var bodyBytes = Encoding.UTF8.GetBytes(body);
        var input = new byte[32 + bodyBytes.Length];
        var status = Convert.FromHexString(prevHash, input.AsSpan(0, 32), out _, out var written);
        if (status != System.Buffers.OperationStatus.Done || written != 32)
            throw new ArgumentException("The previous hash must be 64 hex digits.", nameof(prevHash));
        bodyBytes.CopyTo(input, 32);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }

    private static string Body(string prevHash, long seq, SourcedAuditEvent sourced)
    {
        var e = sourced.Event;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq", seq);
            writer.WriteString("prev", prevHash);
            writer.WriteString("source", sourced.Source);
            writer.WriteString("source_id", sourced.SourceId);
            writer.WriteString("kind", e.Kind);
            writer.WriteString("unit", e.Unit);
            writer.WriteString("request_id", e.RequestId);
            writer.WriteString("actor", e.ActorId);
            writer.WriteString("at", e.At.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteStartObject("details");
            foreach (var (name, value) in e.Details.OrderBy(d => d.Key, StringComparer.Ordinal))
                writer.WriteString(name, value);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
