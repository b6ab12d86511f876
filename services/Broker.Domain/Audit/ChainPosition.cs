namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// Where one chain stood: its name (the source it folds, "unit:ATU" or "oversight"), how many entries it
/// held and the last one's hash (<see cref="AuditChain.Genesis"/> while it is empty). A checkpoint's leaves.
/// </summary>
public sealed record ChainPosition(string Chain, long Seq, string Hash)
{
    /// <summary>As a checkpoint and a transparency report list it: the JSON array [chain, seq, hash].</summary>
    public void WriteTo(System.Text.Json.Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(Chain);
        writer.WriteNumberValue(Seq);
        writer.WriteStringValue(Hash);
        writer.WriteEndArray();
    }
}
