using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Workflow;

/// <summary>An event of an approver's live pending view; <see cref="Request"/> is null for Synced.</summary>
public sealed record PendingEvent(PendingEventKind Kind, DataRequest? Request);
