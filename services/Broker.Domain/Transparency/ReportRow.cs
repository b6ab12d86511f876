namespace DataBroker.Broker.Domain.Transparency;

/// <summary>One row of a published table: null is a withheld cell. <see cref="Total"/> is null too in a one-column table (the cell is the row).</summary>
public sealed record ReportRow(string Label, IReadOnlyList<long?> Cells, long? Total);
