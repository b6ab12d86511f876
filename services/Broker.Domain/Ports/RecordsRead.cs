namespace DataBroker.Broker.Domain.Ports;

public sealed record RecordsRead<TRecords>(bool SubjectFound, TRecords Records);
