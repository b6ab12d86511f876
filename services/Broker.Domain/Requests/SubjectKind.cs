namespace DataBroker.Broker.Domain.Requests;

public enum SubjectKind
{
    Nid = 1,
    Msisdn = 2,
}
