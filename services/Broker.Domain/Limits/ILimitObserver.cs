namespace DataBroker.Broker.Domain.Limits;

/// <summary>Hears every verdict a store reaches (for metrics); called once per limited call, admitted or not.</summary>
public interface ILimitObserver
{
    void Observe(IReadOnlyList<LimitOutcome> outcomes);
}
