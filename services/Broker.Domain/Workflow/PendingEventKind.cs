namespace DataBroker.Broker.Domain.Workflow;

public enum PendingEventKind
{
    Existing = 1,
    Synced = 2,
    Added = 3,
    Updated = 4,
    Resolved = 5,
}
