using System.Globalization;
using System.Text;
using DataBroker.Broker.Domain.Transparency;

namespace DataBroker.Cli.Report;

/// <summary>
/// The report as one CSV (RFC 4180, invariant culture): a row per cell, <c>table,row,column,value</c>, "withheld" for a
/// withheld cell, "total" for a row's or column's total; the timings and the heads follow as their own tables.
/// </summary>
internal static class ReportCsv
{
    public const string Withheld = "withheld";

    public static string Render(TransparencyReport report)
    {
        var csv = new StringBuilder();
        Line(csv, "table", "row", "column", "value");
        foreach (var table in report.Tables)
        {
            foreach (var row in table.Rows)
            {
                for (var c = 0; c < table.Columns.Count; c++)
                    Line(csv, table.Id, row.Label, table.Columns[c], Value(row.Cells[c]));
                if (table.HasRowTotals)
                    Line(csv, table.Id, row.Label, "total", Value(row.Total));
            }
            for (var c = 0; c < table.Columns.Count; c++)
                Line(csv, table.Id, "total", table.Columns[c], Value(table.ColumnTotals[c]));
            if (table.HasRowTotals)
                Line(csv, table.Id, "total", "total", Value(table.Total));
        }
        foreach (var timing in report.TimeToDecision)
        {
            Line(csv, "time_to_decision_seconds", timing.Group, "median", Value(timing.MedianSeconds));
            Line(csv, "time_to_decision_seconds", timing.Group, "p90", Value(timing.P90Seconds));
        }
        Line(csv, "distinct_citizens_disclosed", "all", "citizens", Value(report.DistinctCitizensDisclosed));
        foreach (var head in report.Heads)
            Line(csv, "chain_heads", head.Chain, head.Hash, head.Seq.ToString(CultureInfo.InvariantCulture));
        Line(csv, "chain_heads", "merkle_root", report.MerkleRoot, "");
        return csv.ToString();
    }

    public static string Value(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? Withheld;

    private static void Line(StringBuilder csv, params string[] fields) =>
        csv.Append(string.Join(',', fields.Select(Quote))).Append("\r\n");

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
