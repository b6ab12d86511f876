namespace DataBroker.Broker.Domain.Limits;

public enum LimitVerdict
{
    Admitted = 1,

    /// <summary>Admitted, with 80% or more of the allowance now used.</summary>
    NearLimit = 2,

    Limited = 3,

    /// <summary>Admitted only because the rule is in shadow mode; enforcing would have refused it.</summary>
    ShadowWouldLimit = 4,
}
