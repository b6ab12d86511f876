namespace DataBroker.Broker.Domain.Requests;

public enum Urgency
{
    Routine = 1,
    Priority = 2,
    Emergency = 3,
}
