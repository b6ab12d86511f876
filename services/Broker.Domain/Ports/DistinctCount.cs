namespace DataBroker.Broker.Domain.Ports;

/// <summary>One count for <see cref="IActivityLedger"/>: <paramref name="Member"/> recorded under <paramref name="Key"/>, counted within <paramref name="Window"/>.</summary>
public sealed record DistinctCount(string Key, string Member, TimeSpan Window);
