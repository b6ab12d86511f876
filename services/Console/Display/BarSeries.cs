namespace DataBroker.WebConsole.Display;

/// <summary>One series of a <see cref="BarChart"/>: a name for the legend and one value per category.</summary>
public sealed record BarSeries(string Name, IReadOnlyList<long> Values);
