namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// One count of an <see cref="ActivityPlan"/>: <paramref name="Member"/> recorded under <paramref name="Key"/>, counted
/// within <paramref name="Window"/>. A count that would pass <paramref name="RefuseAbove"/> refuses the change, which
/// then writes nothing (the member is not recorded either), like a limit's verdict.
/// </summary>
public sealed record DistinctCount(string Key, string Member, TimeSpan Window, long RefuseAbove = long.MaxValue);
