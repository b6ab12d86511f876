namespace DataBroker.Broker.Domain.Transparency;

/// <summary>A published sum: the cell <see cref="Total"/> equals the sum of the cells <see cref="Parts"/> (cells named by key).</summary>
public sealed record CellEquation(string Total, IReadOnlyList<string> Parts);
