namespace DataBroker.Broker.Domain.Limits;

public enum LimitMode
{
    /// <summary>A call over the limit is refused and consumes nothing.</summary>
    Enforce = 1,

    /// <summary>Counted and reported (shadow-would-limit), never refused: for rolling a rule out.</summary>
    Shadow = 2,

    /// <summary>Not evaluated at all.</summary>
    Off = 3,
}
