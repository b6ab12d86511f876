namespace DataBroker.Broker.Domain.Transparency;

/// <summary>
/// One published table of counts with its totals, after suppression: null is a withheld cell. A table of one column
/// has no row totals, and its column total is its grand total.
/// </summary>
public sealed record ReportTable(string Id, string Title, string RowHeading, IReadOnlyList<string> Columns, IReadOnlyList<ReportRow> Rows,
    IReadOnlyList<long?> ColumnTotals, long? Total)
{
    public bool HasRowTotals => Columns.Count > 1;
}
