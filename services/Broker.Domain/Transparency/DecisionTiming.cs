namespace DataBroker.Broker.Domain.Transparency;

/// <summary>Submission to HQ decision for one group of requests, in whole seconds; null when fewer than k decisions were made (withheld).</summary>
public sealed record DecisionTiming(string Group, long? MedianSeconds, long? P90Seconds);
