namespace DataBroker.Broker.Domain.Organisation;

[Flags]
public enum Role
{
    None = 0,
    Officer = 1,
    Approver = 2,
    Auditor = 4,
    Admin = 8,
}
