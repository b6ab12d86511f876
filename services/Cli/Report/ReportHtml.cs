using System.Globalization;
using System.Net;
using System.Text;
using DataBroker.Broker.Domain.Transparency;

namespace DataBroker.Cli.Report;

/// <summary>
/// The report as one static page: every table with its totals, a bar chart per table drawn as inline SVG (no script,
/// nothing fetched), the heads it is bound to and how to check it. Every label is HTML-encoded.
/// </summary>
internal static class ReportHtml
{
    private const int BarHeight = 22;
    private const int ChartWidth = 640;
    private const int LabelWidth = 190;
    private const int LegendStep = 105;
    private static readonly string[] Palette = ["#1f6f8b", "#99a8b2", "#c0392b", "#7f8c8d", "#e67e22", "#2c3e50"];

    public static string Render(TransparencyReport report, string keyId)
    {
        var html = new StringBuilder();
        var period = $"{Day(report.From)} to {Day(report.To.AddDays(-1))}";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>DataBroker transparency report, ")
            .Append(E(period)).Append("</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#222;padding:0 1rem}")
            .Append("table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.25rem .6rem;text-align:right}")
            .Append("th:first-child,td:first-child{text-align:left}td.w{color:#888;font-style:italic}tr.t td,td.t{font-weight:600}")
            .Append("code{font-size:.85em;word-break:break-all}figure{margin:0}figcaption{font-size:.85em;color:#555}</style></head>\n<body>\n")
            .Append("<h1>DataBroker transparency report</h1>\n<p>").Append(E(period))
            .Append(" (UTC). Requests are counted by when they were submitted, with the outcome the audit chain records for them; releases, ")
            .Append("reviews, alerts and suspensions by when they happened. Any count below ").Append(report.K)
            .Append(" is withheld, and so are the cells that would let it be worked out from the totals.</p>\n");
        foreach (var table in report.Tables)
            Table(html, table);
        html.Append("<h2>Time from submission to HQ decision</h2>\n<table><tr><th>group</th><th>median</th><th>90th percentile</th></tr>\n");
        foreach (var timing in report.TimeToDecision)
            html.Append("<tr><td>").Append(E(timing.Group)).Append("</td>").Append(Cell(timing.MedianSeconds, Duration))
                .Append(Cell(timing.P90Seconds, Duration)).Append("</tr>\n");
        html.Append("</table>\n<p>Distinct citizens whose records were disclosed: ")
            .Append(report.DistinctCitizensDisclosed is { } citizens ? citizens.ToString(CultureInfo.InvariantCulture) : "withheld").Append("</p>\n")
            .Append("<h2>What this report is bound to</h2>\n<p>Computed from these audit chains, each up to the entry named; their Merkle root is <code>")
            .Append(E(report.MerkleRoot)).Append("</code>. Signed with ES256 by key <code>").Append(E(keyId))
            .Append("</code>. Check it with <code>dbroker report verify report.json --public-key KEY.pem</code>.</p>\n<table><tr><th>chain</th><th>entries</th><th>last entry's hash</th></tr>\n");
        foreach (var head in report.Heads)
            html.Append("<tr><td>").Append(E(head.Chain)).Append("</td><td>").Append(head.Seq.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td><code>").Append(E(head.Hash)).Append("</code></td></tr>\n");
        return html.Append("</table>\n</body></html>\n").ToString();
    }

    private static void Table(StringBuilder html, ReportTable table)
    {
        html.Append("<section id=\"").Append(E(table.Id)).Append("\">\n<h2>").Append(E(table.Title)).Append("</h2>\n");
        Chart(html, table);
        html.Append("<table><tr><th>").Append(E(table.RowHeading)).Append("</th>");
        foreach (var column in table.Columns)
            html.Append("<th>").Append(E(column.Replace('_', ' '))).Append("</th>");
        if (table.HasRowTotals)
            html.Append("<th>total</th>");
        html.Append("</tr>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr><td>").Append(E(row.Label)).Append("</td>");
            foreach (var cell in row.Cells)
                html.Append(Cell(cell, Count));
            if (table.HasRowTotals)
                html.Append(Cell(row.Total, Count, "t"));
            html.Append("</tr>\n");
        }
        html.Append("<tr class=\"t\"><td>total</td>");
        foreach (var total in table.ColumnTotals)
            html.Append(Cell(total, Count));
        if (table.HasRowTotals)
            html.Append(Cell(table.Total, Count));
        html.Append("</tr>\n</table>\n</section>\n");
    }

    /// <summary>One horizontal bar per row, stacked by column; a withheld cell draws nothing and the row says so.</summary>
    private static void Chart(StringBuilder html, ReportTable table)
    {
        if (table.Rows.Count == 0)
            return;
        var max = Math.Max(1, table.Rows.Max(r => r.Cells.Sum(c => c ?? 0)));
        var height = table.Rows.Count * (BarHeight + 6) + 30;
        html.Append("<figure><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").Append(ChartWidth).Append("\" height=\"").Append(height)
            .Append("\" viewBox=\"0 0 ").Append(ChartWidth).Append(' ').Append(height).Append("\"><title>").Append(E(table.Title)).Append("</title>");
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var y = r * (BarHeight + 6);
            html.Append("<text x=\"0\" y=\"").Append(y + 15).Append("\" font-size=\"12\">").Append(E(row.Label)).Append("</text>");
            double x = LabelWidth;
            for (var c = 0; c < row.Cells.Count; c++)
            {
                if (row.Cells[c] is not { } value || value == 0)
                    continue;
                var width = (ChartWidth - LabelWidth - 70.0) * value / max;
                html.Append("<rect x=\"").Append(N(x)).Append("\" y=\"").Append(y).Append("\" width=\"").Append(N(width)).Append("\" height=\"").Append(BarHeight)
                    .Append("\" fill=\"").Append(Palette[c % Palette.Length]).Append("\"><title>").Append(E(table.Columns[c])).Append(": ").Append(value).Append("</title></rect>");
                x += width;
            }
            if (row.Cells.Any(c => c is null))
                html.Append("<text x=\"").Append(N(x + 4)).Append("\" y=\"").Append(y + 15).Append("\" font-size=\"11\" fill=\"#888\">+ withheld</text>");
        }
        var legendY = table.Rows.Count * (BarHeight + 6) + 16;
        for (var c = 0; c < table.Columns.Count; c++)
            html.Append("<rect x=\"").Append(c * LegendStep).Append("\" y=\"").Append(legendY - 9).Append("\" width=\"10\" height=\"10\" fill=\"")
                .Append(Palette[c % Palette.Length]).Append("\"/><text x=\"").Append(c * LegendStep + 14).Append("\" y=\"").Append(legendY)
                .Append("\" font-size=\"11\">").Append(E(table.Columns[c].Replace('_', ' '))).Append("</text>");
        html.Append("</svg><figcaption>").Append(E(table.Title)).Append(": published cells only.</figcaption></figure>\n");
    }

    private static string Cell(long? value, Func<long, string> format, string? css = null) => value is { } v
        ? $"<td{(css is null ? "" : $" class=\"{css}\"")}>{format(v)}</td>"
        : "<td class=\"w\">withheld</td>";

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Duration(long seconds) => TimeSpan.FromSeconds(seconds) switch
    {
        var t when t.TotalMinutes < 1 => string.Create(CultureInfo.InvariantCulture, $"{seconds} s"),
        var t when t.TotalHours < 1 => string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes} min"),
        var t => string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours} h {t.Minutes} min"),
    };

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
