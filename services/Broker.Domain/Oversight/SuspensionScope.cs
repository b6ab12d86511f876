namespace DataBroker.Broker.Domain.Oversight;

public enum SuspensionScope
{
    Officer = 1,
    Unit = 2,
}
