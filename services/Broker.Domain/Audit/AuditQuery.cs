namespace DataBroker.Broker.Domain.Audit;

/// <summary>What an auditor looks for in the chains: each field, when set, must equal the entry's; empty matches all.</summary>
public sealed record AuditQuery(string Unit = "", string ActorId = "", string Kind = "", string RequestId = "")
{
    public bool Matches(ChainEntry entry) =>
        Is(Unit, entry.Event.Unit) && Is(ActorId, entry.Event.ActorId) && Is(Kind, entry.Event.Kind) && Is(RequestId, entry.Event.RequestId);

    private static bool Is(string filter, string value) => string.IsNullOrEmpty(filter) || filter == value;
}
