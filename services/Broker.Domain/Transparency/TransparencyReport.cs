using System.Text;
using System.Text.Json;
using DataBroker.Broker.Domain.Audit;

namespace DataBroker.Broker.Domain.Transparency;

/// <summary>
/// A transparency report: counts from the audit chains alone over <see cref="From"/>..<see cref="To"/>, small cells
/// withheld (null), bound to the chains' heads it was computed from and their Merkle root (RFC 6962, as checkpoints).
/// <see cref="Canonical"/> is its one byte form: fixed member order, ordinal row order, integers only, no time of
/// writing, so whoever recomputes it from the same chains gets the same bytes.
/// </summary>
public sealed record TransparencyReport(
    DateTimeOffset From,
    DateTimeOffset To,
    int K,
    IReadOnlyList<ChainPosition> Heads,
    string MerkleRoot,
    IReadOnlyList<ReportTable> Tables,
    IReadOnlyList<DecisionTiming> TimeToDecision,
    long? DistinctCitizensDisclosed)
{
    public const string Format = "databroker-transparency-report/1";

    /// <summary>A report of nothing, e.g. to prove at start that a configured key signs.</summary>
    public static TransparencyReport Empty { get; } = new(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1, [], AuditChain.Genesis, [], [], null);

    public string Canonical()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("format", Format);
            writer.WriteString("from", ReportPeriod.Text(From));
            writer.WriteString("to", ReportPeriod.Text(To));
            writer.WriteNumber("k", K);
            writer.WriteStartObject("chains");
            writer.WriteString("merkle_root", MerkleRoot);
            writer.WriteStartArray("heads");
            foreach (var head in Heads)
                head.WriteTo(writer);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteStartArray("tables");
            foreach (var table in Tables)
                Write(writer, table);
            writer.WriteEndArray();
            writer.WriteStartArray("time_to_decision");
            foreach (var timing in TimeToDecision)
            {
                writer.WriteStartObject();
                writer.WriteString("group", timing.Group);
                Number(writer, "median_seconds", timing.MedianSeconds);
                Number(writer, "p90_seconds", timing.P90Seconds);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            Number(writer, "distinct_citizens_disclosed", DistinctCitizensDisclosed);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, ReportTable table)
    {
        writer.WriteStartObject();
        writer.WriteString("id", table.Id);
        writer.WriteString("title", table.Title);
        writer.WriteString("row_heading", table.RowHeading);
        writer.WriteStartArray("columns");
        foreach (var column in table.Columns)
            writer.WriteStringValue(column);
        writer.WriteEndArray();
        writer.WriteStartArray("rows");
        foreach (var row in table.Rows)
        {
            writer.WriteStartObject();
            writer.WriteString("label", row.Label);
            Numbers(writer, "cells", row.Cells);
            if (table.HasRowTotals)
                Number(writer, "total", row.Total);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        Numbers(writer, "column_totals", table.ColumnTotals);
        Number(writer, "total", table.Total);
        writer.WriteEndObject();
    }

    private static void Numbers(Utf8JsonWriter writer, string name, IReadOnlyList<long?> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            if (value is { } v)
                writer.WriteNumberValue(v);
            else
                writer.WriteNullValue();
        }
        writer.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } v)
            writer.WriteNumber(name, v);
        else
            writer.WriteNull(name);
    }

    /// <summary>The report a canonical text holds; a <see cref="FormatException"/> when it holds none.</summary>
    public static TransparencyReport Parse(string canonical)
    {
        try
        {
            using var json = JsonDocument.Parse(canonical);
            var root = json.RootElement;
            if (Str(root, "format") != Format)
                throw new FormatException($"not a {Format} report.");
            var chains = root.GetProperty("chains");
            var heads = chains.GetProperty("heads").EnumerateArray()
                .Select(h => new ChainPosition(h[0].GetString() ?? "", h[1].GetInt64(), h[2].GetString() ?? "")).ToArray();
            var tables = root.GetProperty("tables").EnumerateArray().Select(t => new ReportTable(
                Str(t, "id"), Str(t, "title"), Str(t, "row_heading"),
                [.. t.GetProperty("columns").EnumerateArray().Select(c => c.GetString() ?? "")],
                [.. t.GetProperty("rows").EnumerateArray().Select(r => new ReportRow(Str(r, "label"), Numbers(r.GetProperty("cells")),
                    r.TryGetProperty("total", out var total) ? Number(total) : null))],
                Numbers(t.GetProperty("column_totals")), Number(t.GetProperty("total")))).ToArray();
            var timings = root.GetProperty("time_to_decision").EnumerateArray().Select(d => new DecisionTiming(Str(d, "group"),
                Number(d.GetProperty("median_seconds")), Number(d.GetProperty("p90_seconds")))).ToArray();
            return new TransparencyReport(ReportPeriod.ParseInstant(Str(root, "from"), "from"), ReportPeriod.ParseInstant(Str(root, "to"), "to"),
                root.GetProperty("k").GetInt32(), heads, Str(chains, "merkle_root"), tables, timings,
                Number(root.GetProperty("distinct_citizens_disclosed")));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException
            or DomainException)
        {
            throw new FormatException("The text is not a transparency report: " + e.Message, e);
        }
    }

    private static string Str(JsonElement element, string name) => element.GetProperty(name).GetString() ?? throw new FormatException($"'{name}' is null.");

    private static long? Number(JsonElement element) => element.ValueKind == JsonValueKind.Null ? null : element.GetInt64();

    private static long?[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(Number)];
}
