namespace DataBroker.Broker.Domain.Requests;

/// <summary>AwaitingApproval -> Approved -> Disclosed; or Rejected, Cancelled, Expired.</summary>
public enum RequestState
{
    AwaitingApproval = 1,
    Approved = 2,
    Disclosed = 3,
    Rejected = 4,
    Cancelled = 5,
    Expired = 6,
}
