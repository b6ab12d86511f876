using System.Text;
using System.Text.Json;

namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// A signed commitment to every chain at once, as a transparency log's witness signs its tree head: checkpoint
/// <see cref="Number"/> (1, 2, ...) lists each chain's head, sorted by chain name; <see cref="Root"/> is their
/// Merkle root; <see cref="PrevRoot"/> links it to the checkpoint before it; the key seal covers number, time,
/// both roots. Whoever lacks the key cannot forge one, drop a head from one, or pass an old one off as new.
/// </summary>
public sealed record Checkpoint(long Number, DateTimeOffset At, string PrevRoot, IReadOnlyList<ChainPosition> Heads, string Root, string Mac)
{
    public string Text
    {
        get
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteNumber("n", Number);
                writer.WriteNumber("at", At.ToUnixTimeMilliseconds());
                writer.WriteString("prev", PrevRoot);
                writer.WriteString("root", Root);
                writer.WriteString("mac", Mac);
                writer.WriteStartArray("heads");
                foreach (var head in Heads)
                    head.WriteTo(writer);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }

    /// <summary>Null when the text is not a checkpoint at all (a parsed one may still be forged: check its seal and root).</summary>
    public static Checkpoint? Parse(string? text)
    {
        if (text is null)
            return null;
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            var heads = new List<ChainPosition>();
            foreach (var head in root.GetProperty("heads").EnumerateArray())
            {
                if (head.GetArrayLength() != 3)
                    return null;
                heads.Add(new ChainPosition(Str(head[0]), head[1].GetInt64(), Str(head[2])));
            }
            return new Checkpoint(root.GetProperty("n").GetInt64(),
                DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("at").GetInt64()),
                Str(root.GetProperty("prev")), heads, Str(root.GetProperty("root")), Str(root.GetProperty("mac")));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException
            or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Where <paramref name="chain"/> stood at this checkpoint, or null when it names no such chain.</summary>
    public ChainPosition? HeadOf(string chain) => Heads.FirstOrDefault(h => h.Chain == chain);

    private static string Str(JsonElement value) => value.GetString() ?? throw new FormatException("A null string.");
}
