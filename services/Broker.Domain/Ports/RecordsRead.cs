namespace DataBroker.Broker.Domain.Ports;

/// <summary>What the records service returned, and how many third-party numbers (callees) it exposes.</summary>
public sealed record RecordsRead<TRecords>(bool SubjectFound, TRecords Records, int ThirdPartyNumbers = 0);
