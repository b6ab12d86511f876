using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Workflow;

/// <summary>Records released once to the requester, after the disclosure was committed.</summary>
public sealed record Release<TRecords>(DataRequest Request, string ReleaseId, bool SubjectFound, TRecords Records);
