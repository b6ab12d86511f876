namespace DataBroker.Broker.Domain.Limits;

/// <summary>What one rule says about one call, before anything is written.</summary>
public readonly record struct LimitDecision(bool Allowed, long RetryAfterUs, long Remaining)
{
    /// <summary>True when admitting leaves a fifth or less of the allowance.</summary>
    public bool Near(long capacity) => Allowed && Remaining * 5 <= capacity;
}
