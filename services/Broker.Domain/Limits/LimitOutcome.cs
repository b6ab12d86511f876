namespace DataBroker.Broker.Domain.Limits;

/// <summary>The verdict of one charge of a call, as the store decided it.</summary>
public sealed record LimitOutcome(string Rule, LimitVerdict Verdict, long RetryAfterUs);
